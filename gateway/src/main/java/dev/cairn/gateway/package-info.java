/**
 * The front door: the {@code cairn} command line and {@link dev.cairn.gateway.CairnNode}, which
 * starts a node with its roles. Commands only send requests and print answers; the work happens
 * in the rooms behind the event bus.
 */
package dev.cairn.gateway;
