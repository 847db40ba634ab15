package dev.cairn.gateway.auth;

/**
 * Caller is who sent a request, once the gateway has checked the credential: a token's name or a
 * user's, and the role it holds.
 *
 * @param name the token's name or the user's
 * @param role what the caller may do
 * @param kind how the caller proved it: {@code token} or {@code session}
 */
public record Caller(String name, AccessRole role, String kind) {}
