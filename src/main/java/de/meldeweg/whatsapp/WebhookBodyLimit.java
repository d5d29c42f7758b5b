package de.meldeweg.whatsapp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards the webhook before anything reads a body into memory:
 * <ul>
 * <li>a POST without {@code X-Hub-Signature-256} is answered 401, one whose header is not
 * {@code sha256=} and 64 hex digits 403, without reading a byte of the body (the signature itself is
 * checked by the route on the exact bytes);</li>
 * <li>bodies above {@code meldeweg.whatsapp.max-body-bytes} are answered 413: by Content-Length when
 * given, by counting when the body is chunked;</li>
 * <li>all webhook bodies being read at once together stay within
 * {@code meldeweg.webhook.body-bytes-in-flight}; a request that finds no room within
 * {@code meldeweg.webhook.body-wait} is answered 429 and Meta sends it again later;</li>
 * <li>at most {@code meldeweg.webhook.requests-in-flight} webhook requests are read and stored at
 * once, however small: each costs many times its body in memory (the server's buffers, the
 * exchange), and under a burst beyond what the service can store thousands of small requests
 * waiting filled the heap. A request that finds no place within the same wait is answered 429
 * with {@code Retry-After}, before anything of it is read or stored; Meta sends it again.</li>
 * </ul>
 * An admitted request keeps its places until its answer is complete: platform-http stores the
 * webhook on the task executor while the server's thread returns (an asynchronous request), and
 * the request holds its memory until the 200 is written, not only while this filter runs.
 * Rejections close the connection, so the server does not read (swallow) the unwanted body either.
 * The body is handed on as the exact bytes received, whatever the Content-Type says: the
 * signature covers those bytes, so nothing may parse them as a form first.
 */
@Component
public class WebhookBodyLimit extends OncePerRequestFilter {

    static final String PATH = "/webhooks/whatsapp";
    private static final Pattern WELL_FORMED = Pattern.compile("(?i)sha256=[0-9a-f]{64}");
    private static final Logger LOG = LoggerFactory.getLogger(WebhookBodyLimit.class);

    private final long maxBytes;
    private final int budget;
    private final Semaphore bytesInFlight;
    private final int requestsCap;
    private final Semaphore requestsInFlight;
    private final Duration wait;
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private final AtomicInteger refusedSinceLog = new AtomicInteger();
    private final AtomicLong lastRefusalLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    public WebhookBodyLimit(WhatsAppProperties whatsApp, WebhookProperties webhook) {
        this.maxBytes = whatsApp.maxBodyBytes();
        this.budget = (int) Math.min(Integer.MAX_VALUE, Math.max(webhook.bodyBytesInFlight().toBytes(), maxBytes));
        this.bytesInFlight = new Semaphore(budget);
        this.requestsCap = webhook.requestsInFlight();
        this.requestsInFlight = new Semaphore(requestsCap);
        this.wait = webhook.bodyWait();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // the normalized path: "/webhooks//whatsapp" reaches the same route and must meet the same limit
        return !"POST".equals(request.getMethod()) || !PATH.equals(request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String signature = request.getHeader(WebhookSignature.HEADER);
        if (signature == null || signature.isBlank()) {
            reject(response, HttpServletResponse.SC_UNAUTHORIZED, "Missing X-Hub-Signature-256");
            return;
        }
        if (!WELL_FORMED.matcher(signature.trim()).matches()) {
            reject(response, HttpServletResponse.SC_FORBIDDEN, "Invalid X-Hub-Signature-256");
            return;
        }
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            tooLarge(response);
            return;
        }
        // a chunked body may be as large as the limit: room for that much is taken
        int reserved = (int) (declared >= 0 ? declared : maxBytes + 1);
        long deadline = System.nanoTime() + wait.toNanos();
        if (!acquire(requestsInFlight, 1, deadline)) {
            busy(response, "{} webhook requests are being read and stored already (meldeweg.webhook.requests-in-flight)",
                    requestsCap - requestsInFlight.availablePermits());
            return;
        }
        Places places = new Places(reserved);
        try {
            if (!acquire(bytesInFlight, reserved, deadline)) {
                busy(response, "{} bytes of webhook bodies are being read already (meldeweg.webhook.body-bytes-in-flight)",
                        budget - bytesInFlight.availablePermits());
                return;
            }
            places.bytesTaken = true;
            byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (body.length > maxBytes) {
                tooLarge(response);
                return;
            }
            chain.doFilter(new BufferedBody(request, body), response);
            if (request.isAsyncStarted()) {
                // platform-http hands the exchange to the task executor and this thread returns at
                // once: the request (its body, buffers and exchange) stays in memory until the
                // answer is written, so its places are given back only then
                request.getAsyncContext().addListener(places);
                places.async = true;
            }
        } finally {
            if (!places.async) {
                places.release();
            }
        }
    }

    /** The places one admitted request holds, given back once, when its answer is complete. */
    private final class Places implements AsyncListener {
        private final int reserved;
        private final AtomicBoolean released = new AtomicBoolean();
        private boolean bytesTaken;
        private boolean async;

        Places(int reserved) {
            this.reserved = reserved;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                if (bytesTaken) {
                    bytesInFlight.release(reserved);
                }
                requestsInFlight.release();
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {
            release();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            release();
        }

        @Override
        public void onError(AsyncEvent event) {
            release();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // an async restart keeps the places; they are given back when the answer is complete
            event.getAsyncContext().addListener(this);
        }
    }

    private static boolean acquire(Semaphore semaphore, int permits, long deadline) {
        try {
            return semaphore.tryAcquire(permits, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void busy(HttpServletResponse response, String why, int inFlight) throws IOException {
        // at most one line a second: under an overload hundreds of refusals a second would each cost a log line
        refusedSinceLog.incrementAndGet();
        long now = System.nanoTime();
        long last = lastRefusalLog.get();
        if (now - last >= LOG_EVERY_NANOS && lastRefusalLog.compareAndSet(last, now)) {
            int count = refusedSinceLog.getAndSet(0);
            LOG.warn("Webhook answered 429 (" + count + " times since the last such line): " + why, inFlight);
        }
        response.setHeader("Retry-After", "1");
        reject(response, 429, "Busy, please retry");
    }

    /** Places left for webhook requests being read and stored (for tests and diagnosis). */
    public int requestsAvailable() {
        return requestsInFlight.availablePermits();
    }

    /** Room left for webhook bodies, in bytes (for tests and diagnosis). */
    public int bytesAvailable() {
        return bytesInFlight.availablePermits();
    }

    private void tooLarge(HttpServletResponse response) throws IOException {
        reject(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "Payload too large: at most " + maxBytes + " bytes");
    }

    private static void reject(HttpServletResponse response, int status, String text) throws IOException {
        response.setStatus(status);
        response.setHeader("Connection", "close");
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(text);
    }

    /** A request whose body was read to count it, served again from memory. */
    private static final class BufferedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        BufferedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() throws IOException {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
        }
    }
}
