/** The binary layout primitives messages and trees are written with: big-endian, lengths first. */
package dev.cairn.common.wire;
