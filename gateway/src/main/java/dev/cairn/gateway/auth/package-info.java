/**
 * Who may call the gateway: API tokens (random, kept as SHA-256 hashes), users with passwords
 * (kept as salted PBKDF2 hashes) and the access role each holds. The {@link
 * dev.cairn.gateway.auth.CredentialsFile} in the gateway's state directory holds them; the
 * command line writes it and a running gateway reads every change at its next request.
 */
package dev.cairn.gateway.auth;
