package dev.agora.common.outbox;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.interceptor.InterceptorBinding;

/**
 * Like {@code @WithTransaction}, for methods that append to the outbox: the returned Uni runs in a
 * reactive transaction, and once that transaction has committed the outbox relay is woken so the
 * events leave at once instead of at the next poll, and the work the method left to {@link AfterCommit} runs.
 * Called from another such method of the same request, it joins that one's transaction; the outermost commits.
 */
@Inherited
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
public @interface WithOutboxTransaction {
}
