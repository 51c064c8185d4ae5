package dev.agora.common.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

class FieldNamesTest {
    private static final Validator VALIDATOR = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();

    public static class Domain {
        @Max(5)
        public int proficiency;

        Domain(int proficiency) {
            this.proficiency = proficiency;
        }
    }

    public static class Request {
        @NotBlank
        public String name = "ok";
        @Valid
        public List<Domain> domains = List.of();
        public List<@Size(max = 3) String> tags = List.of();
        @Valid
        public Map<String, Domain> byKey = Map.of();
    }

    @Test
    void namesTheListElementBeforeItsProperty() {
        Request request = new Request();
        request.domains = List.of(new Domain(1), new Domain(9));
        assertEquals(Set.of("domains[1].proficiency"), fields(request));
    }

    @Test
    void namesTheElementOfAListOfValues() {
        Request request = new Request();
        request.tags = List.of("ok", "far too long");
        assertEquals(Set.of("tags[1]"), fields(request));
    }

    @Test
    void namesTheMapKeyAndPlainProperties() {
        Request request = new Request();
        request.name = " ";
        request.byKey = Map.of("main", new Domain(7));
        assertEquals(Set.of("name", "byKey[main].proficiency"), fields(request));
    }

    private static Set<String> fields(Object bean) {
        return VALIDATOR.validate(bean).stream().map(violation -> ProblemMappers.fieldOf(violation.getPropertyPath()))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
