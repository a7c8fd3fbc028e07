package dev.rebound.runtime.http;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The one HTTP convention for endpoints that are not for everyone: {@link EdgeGuard} checks the caller's Google
 * identity token (audience = the service URL, account allowed for {@link #value()}) and the body size before the
 * body is read. On a class it guards every method; on a method it overrides the class.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Guarded {
    /** Who may call; most guarded endpoints are the operator API. */
    Caller value() default Caller.OPERATOR;
}
