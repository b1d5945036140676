package dev.nyt.api.http;

import dev.nyt.api.auth.NotLoggedInException;
import dev.nyt.events.InvalidEventException;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps what a handler throws to the API's JSON error answers. */
final class Errors {

    private static final Logger log = LoggerFactory.getLogger(Errors.class);

    private Errors() {
    }

    static void answer(Context ctx, Exception e) {
        switch (e) {
            case NotLoggedInException notLoggedIn -> ctx.status(HttpStatus.UNAUTHORIZED).json(ErrorBody.of("not logged in"));
            case BadRequestException bad -> ctx.status(HttpStatus.BAD_REQUEST)
                    .json(new ErrorBody(false, bad.getMessage(), bad.field()));
            case InvalidEventException invalid -> ctx.status(HttpStatus.BAD_REQUEST)
                    .json(new ErrorBody(false, invalid.getMessage(), invalid.field()));
            case NotFoundException notFound -> ctx.status(HttpStatus.NOT_FOUND).json(ErrorBody.of("not found"));
            case DataAccessException database -> {
                log.warn("{} {} failed, PostgreSQL is unavailable: {}", ctx.method(), ctx.path(), database.getMessage());
                ctx.status(HttpStatus.SERVICE_UNAVAILABLE).json(ErrorBody.of("the database is unavailable, try again"));
            }
            case PublishException publish -> {
                log.warn("{} {} failed, Kafka did not take the command: {}", ctx.method(), ctx.path(), publish.getMessage());
                ctx.status(HttpStatus.SERVICE_UNAVAILABLE).json(ErrorBody.of("Kafka is unavailable, try again"));
            }
            default -> {
                log.error("{} {} failed", ctx.method(), ctx.path(), e);
                ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).json(ErrorBody.of("internal error"));
            }
        }
    }
}
