/**
 * The front door: the {@code cairn} command line, {@link dev.cairn.gateway.CairnNode}, which
 * starts a node with its roles, and {@link dev.cairn.gateway.CairnServer}, a node run as a
 * service with the web gateway ({@code cairn serve}). Commands only send requests and print
 * answers; the work happens in the rooms behind the event bus.
 */
package dev.cairn.gateway;
