package io.mvx.metrics.prometheus.server;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * HTTP Basic authentication against one username and password. Both are compared as SHA-256 digests with
 * {@link MessageDigest#isEqual}, so the time taken does not depend on how much of a guess was right (nor
 * on its length); the clear-text password is not kept. Not API: shared by the scrape endpoints of the
 * Prometheus adapters.
 */
public final class BasicCredentials extends BasicAuthenticator {

  /** The realm of the {@code WWW-Authenticate} challenge. */
  public static final String REALM = "mvx-metrics";

  private final byte[] usernameDigest;
  private final byte[] passwordDigest;

  /**
   * Accepts exactly these credentials.
   *
   * @param username non-empty, without {@code ':'} and control characters
   * @param password non-empty
   */
  public BasicCredentials(String username, String password) {
    super(REALM, StandardCharsets.UTF_8);
    this.usernameDigest = sha256(validUsername(username));
    this.passwordDigest = sha256(validPassword(password));
  }

  /**
   * Answers malformed credentials (not Base64, no {@code :}) with 401 and the challenge, like wrong ones;
   * the JDK's authenticator would throw and drop the connection.
   */
  @Override
  public Result authenticate(HttpExchange exchange) {
    try {
      return super.authenticate(exchange);
    } catch (RuntimeException malformed) {
      exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
      return new Retry(401);
    }
  }

  /** {@inheritDoc} Compared in constant time. */
  @Override
  public boolean checkCredentials(String username, String password) {
    if (username == null || password == null) {
      return false;
    }
    boolean userMatches = MessageDigest.isEqual(usernameDigest, sha256(username));
    boolean passwordMatches = MessageDigest.isEqual(passwordDigest, sha256(password));
    return userMatches & passwordMatches;
  }

  static String validUsername(String username) {
    Objects.requireNonNull(username, "username");
    if (username.isEmpty()) {
      throw new IllegalArgumentException("'': username must not be empty");
    }
    if (username.indexOf(':') >= 0) {
      throw new IllegalArgumentException("'" + username + "': username must not contain ':'");
    }
    if (username.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          "'" + username.replaceAll("\\p{Cntrl}", "?") + "': username must not contain control characters");
    }
    return username;
  }

  static String validPassword(String password) {
    // the message never shows the password
    Objects.requireNonNull(password, "password");
    if (password.isEmpty()) {
      throw new IllegalArgumentException("password must not be empty");
    }
    return password;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
