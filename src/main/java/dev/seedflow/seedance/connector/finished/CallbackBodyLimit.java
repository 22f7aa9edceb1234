package dev.seedflow.seedance.connector.finished;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The "video finished" event's body limit, applied before the connectors runtime reads a body: its
 * webhook controller takes the whole body as a byte array, so a 100 MB post would be held whole
 * before the event could refuse it. For a webhook served by this event (and no other: {@link
 * EventWebhooks}), a Content-Length over {@value CallbackCheck#MAX_BODY_BYTES} bytes is answered
 * 413 unread, and a chunked body is counted as it arrives and refused once it passes the limit; the
 * runtime then gets what was read, at most that much.
 */
public final class CallbackBodyLimit extends HttpFilter {
  static final String INBOUND = "/inbound/";

  private final transient EventWebhooks events;

  public CallbackBodyLimit(EventWebhooks events) {
    this.events = events;
  }

  private boolean servedByAnEvent(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (!path.startsWith(INBOUND)) return false;
    String rest = path.substring(INBOUND.length());
    return events.serves(rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest);
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!servedByAnEvent(request)) {
      chain.doFilter(request, response);
      return;
    }
    if (request.getContentLengthLong() > CallbackCheck.MAX_BODY_BYTES) {
      refuse(response, "the callback declares " + request.getContentLengthLong() + " bytes");
      return;
    }
    byte[] body = request.getInputStream().readNBytes(CallbackCheck.MAX_BODY_BYTES + 1);
    if (body.length > CallbackCheck.MAX_BODY_BYTES) {
      refuse(response, "the callback's body passed " + CallbackCheck.MAX_BODY_BYTES + " bytes");
      return;
    }
    chain.doFilter(new ReadBody(request, body), response);
  }

  private static void refuse(HttpServletResponse response, String what) throws IOException {
    response.setStatus(413);
    response.setContentType("application/json");
    response.setHeader("Connection", "close"); // the rest of the body is not read
    response
        .getWriter()
        .write(
            "{\"message\": \""
                + what
                + ", over the "
                + CallbackCheck.MAX_BODY_BYTES
                + " bytes a callback may have: it is not a task, and was not read\"}");
  }

  /** The request with its body, already read within the limit, served again to the runtime. */
  private static final class ReadBody extends HttpServletRequestWrapper {
    private final byte[] body;

    ReadBody(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
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
          throw new UnsupportedOperationException("the body is read already");
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }
  }
}
