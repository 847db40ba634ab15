/**
 * Jobs as the gateway keeps them: a {@link dev.cairn.gateway.jobs.Job} is one backup, restore or
 * check asked for by a user, with its {@link dev.cairn.gateway.jobs.JobState state} and the latest
 * progress the scanner published for it. The {@link dev.cairn.gateway.jobs.JobRunner} starts,
 * queues and cancels jobs; the {@link dev.cairn.gateway.jobs.JobRegistry} keeps them, behind an
 * interface so that a cluster can share it. A running backup or restore whose scanner has gone
 * silent fails instead of running for good: {@link dev.cairn.gateway.jobs.SilenceWatch} watches
 * the jobs this gateway started, {@link dev.cairn.gateway.jobs.StrandedJobs} those of a gateway
 * that died with its scanner.
 */
package dev.cairn.gateway.jobs;
