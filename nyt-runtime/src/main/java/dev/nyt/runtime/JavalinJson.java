package dev.nyt.runtime;

import dev.nyt.events.json.Json;
import io.javalin.json.JsonMapper;
import java.lang.reflect.Type;
import org.jetbrains.annotations.NotNull;

/** Javalin's JSON through nyt's one configured Jackson mapper. */
public final class JavalinJson implements JsonMapper {

    @NotNull
    @Override
    public String toJsonString(@NotNull Object obj, @NotNull Type type) {
        return Json.mapper().writeValueAsString(obj);
    }

    @NotNull
    @Override
    public <T> T fromJsonString(@NotNull String json, @NotNull Type targetType) {
        return Json.strictMapper().readValue(json, Json.strictMapper().constructType(targetType));
    }
}
