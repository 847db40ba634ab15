#!/usr/bin/env python3
"""Reproducible data sets for the end-to-end benchmark (bench/scripts/run.sh).

    datasets.py generate DIR [--scale S]     writes DIR/large and DIR/tree
    datasets.py modify-large DIR             changes ~1% of a copy of DIR/large, in place
    datasets.py modify-tree DIR              modifies ~2%, adds ~1%, deletes ~0.5% of a copy of tree
    datasets.py stats DIR                    prints "<bytes> <files>" for the regular files under DIR

Everything is derived from fixed seeds, so the same command writes byte-identical files on any
machine with the same script. Incompressible bytes come from SHAKE-128 in counter mode
(hashlib, ~0.6 GB/s here; Random.randbytes is about six times slower) and text from a seeded
vocabulary. The modifications are seeded as well and depend only on the sorted file list, so
every tool in a run backs up exactly the same modified data.
"""

import argparse
import hashlib
import math
import os
import random
import sys

MIB = 1 << 20

# Full-scale sizes; --scale 0.1 is the quick variant.
LARGE_RANDOM_BYTES = 1 << 30          # 1 GiB, incompressible
LARGE_TEXT_BYTES = 500_000_000        # ~0.5 GB, compressible
TREE_FILES = 46_000
TREE_BYTES = 580_000_000

SEED_LARGE = 1
SEED_TREE = 2
SEED_TEXT = 3
SEED_MODIFY_LARGE = 11
SEED_MODIFY_TREE = 12


class RandomStream:
    """Deterministic incompressible bytes: SHAKE-128(label, block number), 4 MiB per block."""

    BLOCK = 4 * MIB

    def __init__(self, label):
        self.label = label.encode()
        self.block = 0
        self.buf = b""
        self.pos = 0

    def read(self, n):
        out = []
        while n > 0:
            if self.pos == len(self.buf):
                self.buf = hashlib.shake_128(self.label + b"/%d" % self.block).digest(self.BLOCK)
                self.block += 1
                self.pos = 0
            take = min(n, len(self.buf) - self.pos)
            out.append(self.buf[self.pos:self.pos + take])
            self.pos += take
            n -= take
        return b"".join(out)


class TextSource:
    """Seeded English-looking text: a Zipf-weighted vocabulary of made-up words, lines drawn from a
    pool of 65,536 lines. Drawing whole lines keeps generation fast (hundreds of MB/s); the pool is
    far larger than any compressor's window and any chunk, so it creates no artificial dedup."""

    def __init__(self, seed):
        rnd = random.Random(seed)
        syllables = [c + v for c in "bcdfghjklmnprstvwz" for v in ("a", "e", "i", "o", "u", "ai", "ou")]
        words = set()
        while len(words) < 8000:
            words.add("".join(rnd.choice(syllables) for _ in range(rnd.choice((1, 1, 2, 2, 2, 3, 3, 4)))))
        words = sorted(words)
        rnd.shuffle(words)
        weights = [1.0 / (rank + 1) for rank in range(len(words))]
        cum = []
        total = 0.0
        for w in weights:
            total += w
            cum.append(total)
        pool = []
        for _ in range(1 << 16):
            n = rnd.randint(3, 16)
            line = " ".join(rnd.choices(words, cum_weights=cum, k=n))
            pool.append(line[0].upper() + line[1:] + rnd.choice((".", ".", ".", ",", ";", ":", "?")))
        self.pool = pool
        self.avg_line = sum(len(line) + 1 for line in pool) / len(pool)

    def text(self, rnd, n):
        """Exactly n bytes of text (ASCII), drawn with the caller's Random."""
        parts = []
        have = 0
        while have < n:
            k = max(1, int((n - have) / self.avg_line) + 1)
            lines = rnd.choices(self.pool, k=k)
            chunk = "\n".join(lines) + "\n"
            parts.append(chunk)
            have += len(chunk)
        return "".join(parts).encode()[:n]


def write_file(path, data_iter):
    with open(path, "wb") as f:
        for block in data_iter:
            f.write(block)


def blocks(total, block, produce):
    done = 0
    while done < total:
        n = min(block, total - done)
        yield produce(n)
        done += n


# ---------------------------------------------------------------------------------------------
# large: one incompressible file and one compressible text file


def generate_large(root, scale):
    os.makedirs(root, exist_ok=True)
    random_bytes = int(LARGE_RANDOM_BYTES * scale)
    text_bytes = int(LARGE_TEXT_BYTES * scale)
    stream = RandomStream("large-random/%d" % SEED_LARGE)
    write_file(os.path.join(root, "random.bin"), blocks(random_bytes, 4 * MIB, stream.read))
    text = TextSource(SEED_TEXT)
    rnd = random.Random(SEED_LARGE)
    write_file(os.path.join(root, "text.txt"), blocks(text_bytes, 4 * MIB, lambda n: text.text(rnd, n)))


def modify_large(root):
    """Six scattered overwrites of the random file (1% of it); three overwrites (0.5%) and one
    insertion (0.5%) at a line boundary in the text file. Files are changed in place."""
    rnd = random.Random(SEED_MODIFY_LARGE)
    stream = RandomStream("large-modify/%d" % SEED_MODIFY_LARGE)
    path = os.path.join(root, "random.bin")
    size = os.path.getsize(path)
    piece = size // 600
    with open(path, "r+b") as f:
        for i in range(6):
            f.seek(rnd.randrange(i * size // 6, (i + 1) * size // 6 - piece))
            f.write(stream.read(piece))

    text = TextSource(SEED_TEXT)
    path = os.path.join(root, "text.txt")
    size = os.path.getsize(path)
    piece = size // 600
    with open(path, "r+b") as f:
        for i in range(3):
            f.seek(rnd.randrange(i * size // 3, (i + 1) * size // 3 - piece))
            f.write(text.text(rnd, piece))
        # Insert in the middle third: read the tail, write insertion + tail back.
        f.seek(rnd.randrange(size // 3, 2 * size // 3))
        f.readline()
        at = f.tell()
        tail = f.read()
        f.seek(at)
        f.write(text.text(rnd, size // 200 - 1) + b"\n")
        f.write(tail)


# ---------------------------------------------------------------------------------------------
# tree: many files in nested directories


def log_uniform(rnd, lo, hi):
    return int(math.exp(rnd.uniform(math.log(lo), math.log(hi))))


def tree_plan(scale):
    """Directories and files (relative path, size, is_text) of the tree set, fully seeded.

    Sizes: ~96% small (200 B - 16 KiB), ~4% medium (16 - 512 KiB), 0.054% large (2 - 12 MiB),
    then scaled so the total is exactly TREE_BYTES * scale. Text share falls with size (65%, 50%,
    30%), roughly like a source checkout with some build outputs and media."""
    rnd = random.Random(SEED_TREE)
    n_files = max(10, int(TREE_FILES * scale))
    target = int(TREE_BYTES * scale)

    words = ["".join(rnd.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rnd.randint(3, 9)))
             for _ in range(4000)]

    # A random recursive tree: each new directory hangs under a random existing one (depth <= 7),
    # ~25 files per directory on average.
    dirs = [("", 0)]
    names_in = {"": set()}
    for _ in range(max(1, n_files // 25)):
        parent, depth = rnd.choice(dirs)
        if depth >= 7:
            parent, depth = rnd.choice(dirs[: max(1, len(dirs) // 4)])
        name = rnd.choice(words)
        while name in names_in[parent]:
            name = rnd.choice(words) + "-" + str(rnd.randint(0, 999))
        names_in[parent].add(name)
        path = os.path.join(parent, name) if parent else name
        names_in[path] = set()
        dirs.append((path, depth + 1))

    n_large = max(1, round(n_files * 0.00054))
    n_medium = max(1, round(n_files * 0.0398))
    classes = ["large"] * n_large + ["medium"] * n_medium + ["small"] * (n_files - n_large - n_medium)
    rnd.shuffle(classes)
    sizes = []
    texts = []
    for c in classes:
        if c == "small":
            sizes.append(log_uniform(rnd, 200, 16 * 1024))
            texts.append(rnd.random() < 0.65)
        elif c == "medium":
            sizes.append(log_uniform(rnd, 16 * 1024, 512 * 1024))
            texts.append(rnd.random() < 0.50)
        else:
            sizes.append(log_uniform(rnd, 2 * MIB, 12 * MIB))
            texts.append(rnd.random() < 0.30)
    factor = target / sum(sizes)
    sizes = [max(1, int(s * factor)) for s in sizes]
    sizes[0] += target - sum(sizes)

    text_ext = (".txt", ".java", ".md", ".json", ".xml", ".log", ".py", ".c", ".h")
    bin_ext = (".bin", ".jpg", ".png", ".gz", ".class", ".so", ".dat", ".zip")
    files = []
    for size, is_text in zip(sizes, texts):
        d, _ = rnd.choice(dirs)
        ext = rnd.choice(text_ext if is_text else bin_ext)
        name = rnd.choice(words) + ext
        while name in names_in[d]:
            name = rnd.choice(words) + "-" + str(rnd.randint(0, 99999)) + ext
        names_in[d].add(name)
        files.append((os.path.join(d, name) if d else name, size, is_text))
    return [d for d, _ in dirs if d], files


def generate_tree(root, scale):
    dirs, files = tree_plan(scale)
    os.makedirs(root, exist_ok=True)
    for d in dirs:
        os.makedirs(os.path.join(root, d), exist_ok=True)
    rnd = random.Random(SEED_TREE + 100)
    stream = RandomStream("tree-random/%d" % SEED_TREE)
    text = TextSource(SEED_TEXT)
    for path, size, is_text in files:
        data = text.text(rnd, size) if is_text else stream.read(size)
        with open(os.path.join(root, path), "wb") as f:
            f.write(data)


def list_files(root):
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            out.append(os.path.relpath(os.path.join(dirpath, name), root))
    return sorted(out)


def is_text_name(path):
    return os.path.splitext(path)[1] in (".txt", ".java", ".md", ".json", ".xml", ".log", ".py", ".c", ".h")


def modify_tree(root):
    """Modify 2% of the files (overwrite a piece, append, or rewrite), add 1% new files (most in
    existing directories, some in a new one) and delete 0.5%. Seeded on the sorted file list."""
    rnd = random.Random(SEED_MODIFY_TREE)
    stream = RandomStream("tree-modify/%d" % SEED_MODIFY_TREE)
    text = TextSource(SEED_TEXT)
    files = list_files(root)
    n = len(files)
    chosen = rnd.sample(files, max(2, n * 25 // 1000))
    modified = chosen[: max(1, n * 2 // 100)]
    deleted = chosen[len(modified):]

    def content(path, size):
        return text.text(rnd, size) if is_text_name(path) else stream.read(size)

    for path in modified:
        full = os.path.join(root, path)
        size = os.path.getsize(full)
        how = rnd.random()
        if how < 0.5 and size > 0:
            # Overwrite up to 10% (at least a byte, at most 64 KiB) somewhere inside.
            piece = max(1, min(64 * 1024, size // 10))
            with open(full, "r+b") as f:
                f.seek(rnd.randrange(0, max(1, size - piece)))
                f.write(content(path, piece))
        elif how < 0.75:
            with open(full, "ab") as f:
                f.write(content(path, rnd.randint(100, 8 * 1024)))
        else:
            with open(full, "wb") as f:
                f.write(content(path, max(1, int(size * rnd.uniform(0.8, 1.2)))))

    for path in deleted:
        os.remove(os.path.join(root, path))

    dirs = sorted({os.path.dirname(p) for p in files})
    new_dir = "added-%d" % SEED_MODIFY_TREE
    os.makedirs(os.path.join(root, new_dir), exist_ok=True)
    for i in range(max(1, n // 100)):
        d = new_dir if rnd.random() < 0.3 else rnd.choice(dirs)
        is_text = rnd.random() < 0.6
        path = os.path.join(d, "new-%05d%s" % (i, ".txt" if is_text else ".bin"))
        size = log_uniform(rnd, 200, 64 * 1024)
        with open(os.path.join(root, path), "wb") as f:
            f.write(content(path, size))


def stats(root):
    total = 0
    count = 0
    for dirpath, _, filenames in os.walk(root):
        for name in filenames:
            st = os.lstat(os.path.join(dirpath, name))
            total += st.st_size
            count += 1
    return total, count


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("dir")
    g.add_argument("--scale", type=float, default=1.0)
    for name in ("modify-large", "modify-tree", "stats"):
        sub.add_parser(name).add_argument("dir")
    a = ap.parse_args()
    if a.cmd == "generate":
        generate_large(os.path.join(a.dir, "large"), a.scale)
        generate_tree(os.path.join(a.dir, "tree"), a.scale)
    elif a.cmd == "modify-large":
        modify_large(a.dir)
    elif a.cmd == "modify-tree":
        modify_tree(a.dir)
    else:
        total, count = stats(a.dir)
        print(total, count)
    return 0


if __name__ == "__main__":
    sys.exit(main())
