/**
 * Jobs as the gateway keeps them: a {@link dev.cairn.gateway.jobs.Job} is one backup, restore or
 * check asked for by a user, with its {@link dev.cairn.gateway.jobs.JobState state} and the latest
 * progress the scanner published for it. The {@link dev.cairn.gateway.jobs.JobRunner} starts,
 * queues and cancels jobs; the {@link dev.cairn.gateway.jobs.JobRegistry} keeps them, behind an
 * interface so that a cluster can share it.
 */
package dev.cairn.gateway.jobs;
