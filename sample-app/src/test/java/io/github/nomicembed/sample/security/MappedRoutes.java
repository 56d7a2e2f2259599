package io.github.nomicembed.sample.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.function.support.RouterFunctionMapping;
import org.springframework.web.servlet.handler.AbstractUrlHandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;

/**
 * Every route a running app answers, read from its handler mappings (controllers and actuator endpoints), its
 * health groups and its static files, so that a route added later is walked without changing any test. A kind of
 * handler mapping this class cannot list fails the walk rather than being skipped.
 */
final class MappedRoutes {

    /** One request to try: {@code method} on {@code path}, and where it was found. */
    record Route(String method, String path, String source) {
    }

    private static final List<String> ANY_METHOD = List.of("GET", "POST");

    private MappedRoutes() {
    }

    static List<Route> of(ApplicationContext context, String actuatorBase) {
        Set<String> seen = new TreeSet<>();
        List<Route> routes = new ArrayList<>();
        for (var entry : context.getBeansOfType(HandlerMapping.class).entrySet()) {
            HandlerMapping mapping = entry.getValue();
            String source = entry.getKey();
            if (mapping instanceof RequestMappingInfoHandlerMapping infos) {
                for (RequestMappingInfo info : infos.getHandlerMethods().keySet()) {
                    List<String> methods = info.getMethodsCondition().getMethods().stream().map(Enum::name).toList();
                    for (String pattern : info.getPatternValues()) {
                        for (String method : methods.isEmpty() ? ANY_METHOD : methods) {
                            add(routes, seen, method, concrete(pattern), source);
                        }
                    }
                }
            } else if (mapping instanceof AbstractUrlHandlerMapping urls) {
                if (urls.getRootHandler() != null) {
                    add(routes, seen, "GET", "/", source);
                }
                for (var handler : urls.getHandlerMap().entrySet()) {
                    String pattern = handler.getKey();
                    if (pattern.endsWith("/**") && handler.getValue() instanceof ResourceHttpRequestHandler files) {
                        for (String file : files(files)) {
                            add(routes, seen, "GET", pattern.substring(0, pattern.length() - 2) + file, source);
                        }
                    }
                    add(routes, seen, "GET", concrete(pattern), source);
                }
            } else if (mapping instanceof RouterFunctionMapping functions) {
                if (functions.getRouterFunction() != null) {
                    throw new IllegalStateException("functional routes in " + source + ": list them here");
                }
            } else if (!mapping.getClass().getName().startsWith("org.springframework.web.servlet.handler.")) {
                throw new IllegalStateException("cannot list the routes of " + source + " (" + mapping.getClass()
                        + "): teach MappedRoutes to");
            }
        }
        for (String group : context.getBean(HealthEndpointGroups.class).getNames()) {
            add(routes, seen, "GET", actuatorBase + "/health/" + group, "health group");
        }
        return routes;
    }

    private static void add(List<Route> routes, Set<String> seen, String method, String path, String source) {
        if (seen.add(method + " " + path)) {
            routes.add(new Route(method, path, source));
        }
    }

    /** A path matching {@code pattern}: every variable and wildcard filled in with {@code x}. */
    private static String concrete(String pattern) {
        return pattern.replaceAll("\\{\\*?[^}]*}", "x").replace("**", "x").replace("*", "x");
    }

    /** The files a resource handler serves from the class path, relative to its locations ({@code app.js}, …). */
    private static List<String> files(ResourceHttpRequestHandler handler) {
        try {
            List<String> files = new ArrayList<>();
            for (Resource location : handler.getLocations()) {
                if (location instanceof ClassPathResource dir && !dir.getPath().isEmpty()) {
                    String base = "/" + dir.getPath();
                    for (Resource r : new PathMatchingResourcePatternResolver()
                            .getResources("classpath*:" + dir.getPath() + "**/*.*")) {
                        String url = r.getURL().toString();
                        files.add(url.substring(url.lastIndexOf(base) + base.length()));
                    }
                }
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
