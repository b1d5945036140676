package dev.nyt.digest.mail;

import dev.nyt.digest.mail.MailDeliveryException.Kind;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies what Simple Java Mail / Jakarta Mail threw: a 5xx reply or an address that cannot be
 * valid is {@link Kind#PERMANENT}; a 4xx reply, a timeout or a broken connection is
 * {@link Kind#TRANSIENT}; a server that cannot be reached at all, or that refuses our credentials,
 * is {@link Kind#UNAVAILABLE}.
 * Anything not recognised is transient: retrying an unknown error with backoff never loses a
 * notification, giving up on it could.
 */
public final class SmtpFailures {

    private static final Pattern REPLY_CODE = Pattern.compile("^\\s*([245])(\\d\\d)[\\s-]");
    private static final int MAX_REASON = 500;

    private SmtpFailures() {
    }

    public static MailDeliveryException classify(Throwable failure) {
        Kind kind = kindOf(failure);
        return new MailDeliveryException(kind, reason(failure), failure);
    }

    static Kind kindOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t.getClass().getName().endsWith(".AuthenticationFailedException")) {
                // wrong credentials fail every mail alike: wait for the fix rather than drop them all
                return Kind.UNAVAILABLE;
            }
        }
        for (Throwable t = failure; t != null; t = next(t)) {
            OptionalInt code = replyCode(t);
            if (code.isPresent()) {
                return code.getAsInt() >= 500 ? Kind.PERMANENT : Kind.TRANSIENT;
            }
        }
        for (Throwable t = failure; t != null; t = next(t)) {
            String type = t.getClass().getName();
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException || type.endsWith(".MailConnectException")) {
                return Kind.UNAVAILABLE;
            }
            if (type.endsWith(".MailInvalidAddressException") || type.endsWith(".MailCompletenessException")
                    || type.endsWith(".MailSuspiciousCRLFValueException") || type.endsWith(".AddressException")) {
                return Kind.PERMANENT;
            }
            if (t instanceof SocketTimeoutException || t instanceof IOException) {
                return Kind.TRANSIENT;
            }
        }
        return Kind.TRANSIENT;
    }

    /**
     * The SMTP reply code of a Jakarta Mail SMTP exception ({@code getReturnCode()}, found by name so
     * this works with Angus and the older com.sun.mail alike), else a reply quoted at the start of
     * the message ("550 5.1.1 no such user").
     */
    static OptionalInt replyCode(Throwable t) {
        try {
            Method method = t.getClass().getMethod("getReturnCode");
            Object value = method.invoke(t);
            if (value instanceof Integer code && code >= 200 && code < 600) {
                return OptionalInt.of(code);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // not an SMTP exception
        }
        if (t.getClass().getName().startsWith("jakarta.mail") || t.getClass().getName().contains(".mail.smtp.")) {
            String message = t.getMessage();
            if (message != null) {
                Matcher m = REPLY_CODE.matcher(message);
                if (m.find() && !"2".equals(m.group(1))) {
                    return OptionalInt.of(Integer.parseInt(m.group(1) + m.group(2)));
                }
            }
        }
        return OptionalInt.empty();
    }

    /** The cause, or for a Jakarta Mail exception its "next exception" (where SMTP replies hide). */
    private static Throwable next(Throwable t) {
        try {
            Method method = t.getClass().getMethod("getNextException");
            Object value = method.invoke(t);
            if (value instanceof Throwable nextException && nextException != t) {
                return nextException;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // not a MessagingException
        }
        Throwable cause = t.getCause();
        return cause == t ? null : cause;
    }

    /** The most specific message along the chain, on one line and bounded. */
    static String reason(Throwable failure) {
        String best = null;
        for (Throwable t = failure; t != null; t = next(t)) {
            String message = t.getMessage();
            if (message != null && !message.isBlank()) {
                best = t.getClass().getSimpleName() + ": " + message;
            }
        }
        if (best == null) {
            best = failure.getClass().getSimpleName();
        }
        String oneLine = best.replaceAll("\\s+", " ").strip();
        return oneLine.length() > MAX_REASON ? oneLine.substring(0, MAX_REASON) : oneLine;
    }
}
