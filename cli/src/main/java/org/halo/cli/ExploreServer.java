package org.halo.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The local server of {@code halo explore}: the page at {@code /}, at {@code /api/run?INPUTS} the answer to one
 * question as JSON, at {@code /api/progress} the row the current question last finished, and at {@code /api/targets}
 * a cohort's targets (by label; the page chooses one by its place in the list) and its study's values of the inputs. The browser names no file (only the CTV given at start is served); inputs are checked by the
 * command line's own ranges; a query over {@value #MAX_QUERY} characters is refused; one question is computed at a
 * time, and a newer one stops an older one between rows; nothing but one-line messages reaches the page.
 */
final class ExploreServer implements AutoCloseable {
    static final int MAX_QUERY = 2000;
    private final HttpServer server;
    private final Exploration exploration;
    private final String page;
    private final AtomicLong newest = new AtomicLong();
    private final ReentrantLock computing = new ReentrantLock();
    private final AtomicReference<String> progress = new AtomicReference<>("");

    ExploreServer(Exploration exploration, String bindAddress, int port, String title) throws IOException {
        this.exploration = exploration;
        this.page = ExplorePage.html(title, exploration.hasPlan(), exploration.hasCohort());
        server = HttpServer.create(new InetSocketAddress(bindAddress, port), 16);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "halo-explore");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    /** The address the page is served at. */
    URI uri() {
        InetSocketAddress a = server.getAddress();
        return URI.create("http://" + a.getHostString() + ":" + a.getPort() + "/");
    }

    private void handle(HttpExchange x) {
        try (x) {
            try (InputStream in = x.getRequestBody()) {
                if (in.readNBytes(1025).length > 1024) {
                    send(x, 413, "application/json", error("request body too large"));
                    return;
                }
            }
            String path = x.getRequestURI().getRawPath(), query = x.getRequestURI().getRawQuery();
            if (!x.getRequestMethod().equals("GET")) send(x, 405, "application/json", error("only GET"));
            else if (query != null && query.length() > MAX_QUERY) send(x, 413, "application/json", error("query longer than " + MAX_QUERY + " characters"));
            else if (path.equals("/")) send(x, 200, "text/html; charset=utf-8", page);
            else if (path.equals("/api/run")) run(x, query);
            else if (path.equals("/api/progress")) send(x, 200, "application/json", Json.write(Map.of("progress", progress.get())));
            else if (path.equals("/api/targets")) send(x, 200, "application/json", Json.write(exploration.targets()));
            else send(x, 404, "application/json", error("no such page"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void run(HttpExchange x, String query) throws IOException {
        Map<String, String> inputs;
        try {
            inputs = exploration.check(parse(query));
        } catch (IllegalArgumentException e) {
            send(x, 400, "application/json", error(e.getMessage()));
            return;
        }
        long mine = newest.incrementAndGet();
        computing.lock();
        try {
            if (newest.get() != mine) {
                send(x, 409, "application/json", error("superseded by a newer question"));
                return;
            }
            long t0 = System.nanoTime();
            progress.set("");
            Map<String, Object> answer = new LinkedHashMap<>(exploration.answer(inputs, () -> newest.get() != mine, progress::set));
            answer.put("elapsed_ms", Math.round((System.nanoTime() - t0) / 1e6));
            answer.put("command", exploration.commandLine(inputs));
            send(x, 200, "application/json", Json.write(answer));
        } catch (Exploration.Superseded e) {
            send(x, 409, "application/json", error("superseded by a newer question"));
        } catch (IllegalArgumentException e) {
            send(x, 400, "application/json", error(HaloCommand.oneLine(e)));
        } catch (RuntimeException | OutOfMemoryError e) {
            send(x, 500, "application/json", error("the computation failed: " + HaloCommand.oneLine(e)));
        } finally {
            progress.set("");
            computing.unlock();
        }
    }

    static Map<String, String> parse(String query) {
        Map<String, String> out = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) return out;
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (out.put(k, v.strip()) != null) throw new Exploration.Refused("input '" + k + "' given twice");
        }
        return out;
    }

    private static String error(String message) {
        return Json.write(Map.of("error", message));
    }

    private static void send(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        x.getResponseHeaders().set("Cache-Control", "no-store");
        x.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
