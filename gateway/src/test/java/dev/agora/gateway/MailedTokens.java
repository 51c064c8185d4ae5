package dev.agora.gateway;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;

/** Reads the account mails the gateway sent in tests (the mock mailbox) and the tokens they carry. */
final class MailedTokens {
    static final String VERIFICATION_SUBJECT = "Verify your email address for Agora";
    static final String RESET_SUBJECT = "Reset your Agora password";
    private static final Pattern TOKEN = Pattern.compile("^Token: (\\S+)$", Pattern.MULTILINE);

    private MailedTokens() {
    }

    /** Waits for the {@code n}-th mail (1-based) with this subject to this address. */
    static Mail awaitMail(MockMailbox mailbox, String to, String subject, int n) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> mails(mailbox, to, subject).size() >= n);
        return mails(mailbox, to, subject).get(n - 1);
    }

    static List<Mail> mails(MockMailbox mailbox, String to, String subject) {
        List<Mail> sent = mailbox.getMailsSentTo(to);
        return sent == null ? List.of() : sent.stream().filter(mail -> subject.equals(mail.getSubject())).toList();
    }

    static String tokenOf(Mail mail) {
        Matcher matcher = TOKEN.matcher(mail.getText());
        if (!matcher.find()) {
            throw new AssertionError("no token in " + mail.getText());
        }
        return matcher.group(1);
    }
}
