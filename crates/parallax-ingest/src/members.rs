//! Multi-member gzip files decompressed on several threads, in order, in bounded memory.
//!
//! A `.warc.gz` holds one gzip member per record, so a file can be cut into chunks that are
//! decompressed at once: each chunk owns the members that *start* inside it. A worker finds its
//! first member by scanning for a gzip header whose output begins with `WARC/`, then
//! decompresses members (libdeflate, whole members at a time) until one starts past its chunk.
//! The reader hands the chunks' output on in file order and checks that each chunk starts where
//! the previous one ended: a candidate that was really bytes stored inside a record (an archived
//! `.warc.gz`) is caught there and the chunk is decompressed again from the true boundary. A
//! file that is one big member (not one per record) is read by the first worker alone.
//!
//! A damaged member is passed over: the reader gives one [`SkippedMember`] error for it and
//! goes on with the next member that begins a record, so the records after the damage are
//! found again. Damage with no record after it ends the stream with an error that stays.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, Read};
use std::os::unix::fs::FileExt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use crate::inflate::{Inflater, Member};

/// How the work is cut.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MembersConfig {
    /// Compressed bytes per chunk.
    pub chunk: u64,
    /// Chunks decompressed at once.
    pub jobs: usize,
    /// The most one member may decompress to in one piece; larger members are streamed.
    pub max_member: usize,
}

impl MembersConfig {
    /// Chunks of 4 MiB (about 20 MiB of output from web pages), one job per core.
    pub(crate) fn new(max_member: u64) -> MembersConfig {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
        MembersConfig {
            chunk: 4 << 20,
            jobs: cores,
            max_member: usize::try_from(max_member).unwrap_or(usize::MAX).saturating_add(1 << 20),
        }
    }
}

/// What a worker sends, in this order: `Start`, then `Data`..., then `End` or `Failed`.
enum Piece {
    /// Where the chunk's first member starts; `None` when no member starts inside it.
    Start(Option<u64>),
    Data(Vec<u8>),
    /// Where the chunk's last member ended.
    End(u64),
    /// A damaged member was passed over; the chunk goes on at the next member.
    Damaged(SkippedMember),
    /// A member was damaged and the next one starts in a later chunk: that chunk's first
    /// member is where reading goes on.
    Lost,
    Failed(io::Error),
}

/// A damaged gzip member passed over, as the error the reader gives once in its place.
#[derive(Debug, Clone, thiserror::Error)]
#[error(
    "gzip member at offset {at} is damaged ({reason}); reading resumed at the next record, \
     offset {next}"
)]
pub(crate) struct SkippedMember {
    /// Where the damaged member starts in the compressed file.
    pub at: u64,
    /// Where the next member that begins a record starts.
    pub next: u64,
    /// What the decompressor said.
    pub reason: String,
}

impl SkippedMember {
    /// Whether an error is a damaged member passed over (reading may go on).
    pub(crate) fn is_skipped(error: &io::Error) -> bool {
        error.get_ref().is_some_and(|inner| inner.is::<SkippedMember>())
    }
}

struct Job {
    /// The chunk's first compressed offset.
    start: u64,
    /// Members starting at or past this belong to the next chunk.
    limit: u64,
    pieces: Receiver<Piece>,
    worker: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Job {
    /// A job given up (the reader dropped, failed, or reading the chunk again) ends with its
    /// worker: the receiver goes first, so the worker's next send fails and it returns; no
    /// thread outlives the reader that started it.
    fn drop(&mut self) {
        let (_, closed) = sync_channel(0);
        drop(std::mem::replace(&mut self.pieces, closed));
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

/// The decompressed stream of a multi-member gzip file.
pub(crate) struct ParallelGz {
    file: Arc<File>,
    size: u64,
    config: MembersConfig,
    /// The next chunk to start.
    next_chunk: u64,
    jobs: VecDeque<Job>,
    /// Where the next chunk's first member must start: the end of the last member handed on;
    /// `None` after damage, when the next member found is where reading goes on.
    expected: Option<u64>,
    current: Vec<u8>,
    position: usize,
    /// The error that ended reading, given again to every later call.
    failed: Option<(io::ErrorKind, String)>,
    /// Compressed bytes whose output has been handed on, for progress reports.
    progress: Arc<AtomicU64>,
    /// Pieces already read, handed back to the workers: their memory is reused, not faulted in
    /// again.
    spare: Spare,
}

/// Output buffers passed back for reuse.
type Spare = Arc<std::sync::Mutex<Vec<Vec<u8>>>>;

/// The most buffers kept for reuse.
const MAX_SPARE: usize = 16;

impl ParallelGz {
    /// Reads `file` (of `size` bytes).
    pub(crate) fn new(file: File, size: u64, config: MembersConfig) -> ParallelGz {
        ParallelGz {
            file: Arc::new(file),
            size,
            config,
            next_chunk: 0,
            jobs: VecDeque::new(),
            expected: Some(0),
            current: Vec::new(),
            position: 0,
            failed: None,
            spare: Spare::default(),
            progress: Arc::default(),
        }
    }

    /// How many compressed bytes have been read so far, updated as chunks are finished.
    pub(crate) fn progress(&self) -> Arc<AtomicU64> {
        Arc::clone(&self.progress)
    }

    fn spawn(&self, start: u64, limit: u64, scan: bool) -> Job {
        let (sender, pieces) = sync_channel(16);
        let (file, size, max_member) = (Arc::clone(&self.file), self.size, self.config.max_member);
        let spare = Arc::clone(&self.spare);
        let worker = std::thread::spawn(move || {
            let window = Window::new(file, size);
            let mut worker =
                Worker { window, sender, max_member, spare, batch: Vec::new(), filled: 0 };
            worker.run(start, limit, scan);
        });
        Job { start, limit, pieces, worker: Some(worker) }
    }

    fn fill_jobs(&mut self) {
        while self.jobs.len() < self.config.jobs.max(1) && self.next_chunk < self.size {
            let start = self.next_chunk;
            let limit = start.saturating_add(self.config.chunk).min(self.size);
            let job = self.spawn(start, limit, start > 0);
            self.jobs.push_back(job);
            self.next_chunk = limit;
        }
    }

    fn fail(&mut self, error: io::Error) -> io::Error {
        self.failed = Some((error.kind(), error.to_string()));
        self.jobs.clear();
        error
    }

    /// The next decompressed piece in file order, or `None` at the end.
    fn next_piece(&mut self) -> io::Result<Option<Vec<u8>>> {
        loop {
            self.fill_jobs();
            let Some(job) = self.jobs.front() else { return Ok(None) };
            let piece = job.pieces.recv();
            match piece {
                Ok(Piece::Data(bytes)) => return Ok(Some(bytes)),
                Ok(Piece::Start(Some(found))) if self.expected.is_none_or(|e| e == found) => {}
                // After damage, a chunk in which no member starts is passed over.
                Ok(Piece::Start(None)) if self.expected.is_none() => {
                    self.jobs.pop_front();
                }
                // No member found where one must start (the last member ended inside this
                // chunk), or one found elsewhere: a member that does not begin a record, a
                // member stored inside a record, or damage. Reading again from the true boundary
                // tells them apart: damage is then reported where it is.
                Ok(Piece::Start(_)) if self.expected.is_some_and(|e| e < job.limit) => {
                    let (limit, expected) = (job.limit, self.expected.unwrap_or(job.start));
                    let job = self.spawn(expected, limit, false);
                    self.jobs[0] = job;
                }
                // The last member runs past this whole chunk.
                Ok(Piece::Start(_)) => {
                    self.jobs.pop_front();
                }
                Ok(Piece::End(end)) => {
                    self.expected = Some(end);
                    self.progress.store(end, Ordering::Relaxed);
                    self.jobs.pop_front();
                }
                Ok(Piece::Damaged(skipped)) => {
                    return Err(io::Error::new(io::ErrorKind::InvalidData, skipped));
                }
                Ok(Piece::Lost) => {
                    self.expected = None;
                    self.jobs.pop_front();
                }
                Ok(Piece::Failed(error)) => return Err(self.fail(error)),
                Err(_) => {
                    let at = job.start;
                    let error = io::Error::other(format!("decompressing from offset {at} stopped"));
                    return Err(self.fail(error));
                }
            }
        }
    }
}

impl Read for ParallelGz {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = buffer.len().min(available.len());
        buffer[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

// Pieces are handed out as they are: no second buffer, no copy.
impl BufRead for ParallelGz {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self.position == self.current.len() {
            if let Some((kind, message)) = &self.failed {
                return Err(io::Error::new(*kind, message.clone()));
            }
            match self.next_piece()? {
                Some(bytes) => {
                    let used = std::mem::replace(&mut self.current, bytes);
                    self.position = 0;
                    let mut spare = self.spare.lock().unwrap_or_else(|p| p.into_inner());
                    if spare.len() < MAX_SPARE && used.capacity() >= BATCH {
                        spare.push(used);
                    }
                }
                None => break,
            }
        }
        Ok(&self.current[self.position..])
    }

    fn consume(&mut self, n: usize) {
        self.position = (self.position + n).min(self.current.len());
    }
}

/// The compressed bytes a worker has read, from `base` on.
struct Window {
    file: Arc<File>,
    size: u64,
    /// The file offset of `bytes[start]`.
    base: u64,
    /// `bytes[start..end]` holds the file from `base` on; the buffer itself is only ever grown,
    /// so reading into it never zeroes memory twice.
    bytes: Vec<u8>,
    start: usize,
    end: usize,
}

impl Window {
    fn new(file: Arc<File>, size: u64) -> Window {
        Window { file, size, base: 0, bytes: Vec::new(), start: 0, end: 0 }
    }

    fn held_until(&self) -> u64 {
        self.base + (self.end - self.start) as u64
    }

    /// The bytes from `at` on, at least `want` of them unless the file ends first. Bytes
    /// before `at` are dropped only when more must be read, so moving on costs no copy.
    fn from(&mut self, at: u64, want: u64) -> io::Result<&[u8]> {
        if at < self.base || at > self.held_until() {
            (self.base, self.start, self.end) = (at, 0, 0);
        }
        let needed = at.saturating_add(want).min(self.size);
        let have = self.held_until();
        if needed > have {
            // Read ahead in large steps, so the bytes still unread are moved to the front once
            // per step, not once per member.
            let target = needed.max(have.saturating_add(READ_AHEAD)).min(self.size);
            let keep_from = self.start + (at - self.base) as usize;
            self.bytes.copy_within(keep_from..self.end, 0);
            (self.base, self.start, self.end) = (at, 0, self.end - keep_from);
            let more = (target - have) as usize;
            if self.bytes.len() < self.end + more {
                self.bytes.resize(self.end + more, 0);
            }
            self.file.read_exact_at(&mut self.bytes[self.end..self.end + more], have)?;
            self.end += more;
        }
        Ok(&self.bytes[self.start + (at - self.base) as usize..self.end])
    }

    fn reaches_end(&self) -> bool {
        self.held_until() >= self.size
    }
}

struct Worker {
    window: Window,
    sender: SyncSender<Piece>,
    max_member: usize,
    spare: Spare,
    /// Members are decompressed straight into this buffer (`filled` bytes used) and sent when
    /// it is full: few hand-overs, no copies, and a chunk's whole output fits in its channel,
    /// so later chunks never wait for earlier ones.
    batch: Vec<u8>,
    filled: usize,
}

/// The size of the buffers members are decompressed into.
const BATCH: usize = 2 << 20;
/// A batch with less room than this is sent before the next member, which would likely not fit.
const MIN_ROOM: usize = 256 * 1024;

/// Compressed bytes read beyond what is needed whenever the window must grow.
const READ_AHEAD: u64 = 2 << 20;
/// Compressed bytes read at first for one member; doubled while the member does not fit.
const FIRST_READ: u64 = 256 * 1024;

impl Worker {
    fn run(&mut self, start: u64, limit: u64, scan: bool) {
        let first = if scan { self.find_member(start, limit) } else { Ok(Some(start)) };
        let first = match first {
            Ok(first) => first,
            Err(error) => return self.send_failure(start, error),
        };
        if self.sender.send(Piece::Start(first)).is_err() {
            return;
        }
        let Some(mut at) = first else { return };
        let mut inflater = Inflater::new();
        let mut large = Vec::new();
        while at < limit && at < self.window.size {
            let consumed = match inflater.as_mut() {
                Some(inflater) => self.whole_member(inflater, at, &mut large),
                None => self.streamed_member(at),
            };
            match consumed {
                Ok(Some(consumed)) => at += consumed,
                Ok(None) => return, // the reader has gone
                Err(error) => match self.find_member(at + 1, self.window.size) {
                    // Damage with a record after it: passed over, reported once.
                    Ok(Some(next)) => {
                        let skipped = SkippedMember { at, next, reason: error.to_string() };
                        if !self.flush() || self.sender.send(Piece::Damaged(skipped)).is_err() {
                            return;
                        }
                        if next >= limit {
                            let _ = self.sender.send(Piece::Lost);
                            return;
                        }
                        at = next;
                    }
                    Ok(None) | Err(_) => return self.send_failure(at, error),
                },
            }
        }
        if self.flush() {
            let _ = self.sender.send(Piece::End(at));
        }
    }

    /// Sends the gathered output and takes a fresh buffer; false when the reader has gone.
    fn flush(&mut self) -> bool {
        if self.filled > 0 {
            let mut full = std::mem::take(&mut self.batch);
            full.truncate(self.filled);
            self.filled = 0;
            if self.sender.send(Piece::Data(full)).is_err() {
                return false;
            }
        }
        if self.batch.len() < BATCH {
            let mut buffer =
                self.spare.lock().unwrap_or_else(|p| p.into_inner()).pop().unwrap_or_default();
            // Only the tail past the last use is zeroed.
            buffer.resize(BATCH, 0);
            self.batch = buffer;
        }
        true
    }

    fn send_failure(&mut self, at: u64, error: io::Error) {
        if !self.flush() {
            return;
        }
        let message = format!("gzip member at offset {at}: {error}");
        let _ = self.sender.send(Piece::Failed(io::Error::new(error.kind(), message)));
    }

    /// Decompresses the member at `at` in one call, into the batch, or into `large` when it
    /// does not fit; members over the piece limit are streamed. Returns its compressed length,
    /// or `None` when the reader is gone.
    fn whole_member(
        &mut self,
        inflater: &mut Inflater,
        at: u64,
        large: &mut Vec<u8>,
    ) -> io::Result<Option<u64>> {
        if self.batch.len() - self.filled < MIN_ROOM && !self.flush() {
            return Ok(None);
        }
        let mut want = FIRST_READ;
        loop {
            let input = self.window.from(at, want)?;
            match inflater.member(input, &mut self.batch[self.filled..]) {
                Member::Done { consumed, produced } => {
                    self.filled += produced;
                    return Ok(Some(consumed as u64));
                }
                Member::OutputFull if self.filled > 0 => {
                    if !self.flush() {
                        return Ok(None);
                    }
                }
                Member::OutputFull => return self.large_member(inflater, at, want, large),
                // Bad with more file to read: the member may run past what was read.
                Member::Bad if !self.window.reaches_end() && want < self.max_member as u64 => {
                    want *= 4
                }
                // Damaged: the streaming decoder says where it breaks.
                Member::Bad => return self.streamed_member(at),
            }
        }
    }

    /// A member larger than a batch: decompressed into `large`, grown up to the piece limit,
    /// and sent on its own; past the limit, streamed.
    fn large_member(
        &mut self,
        inflater: &mut Inflater,
        at: u64,
        want: u64,
        large: &mut Vec<u8>,
    ) -> io::Result<Option<u64>> {
        let mut room = BATCH.saturating_mul(4).min(self.max_member);
        let mut want = want;
        loop {
            if large.len() < room {
                large.resize(room, 0);
            }
            let input = self.window.from(at, want)?;
            match inflater.member(input, &mut large[..room]) {
                Member::Done { consumed, produced } => {
                    let piece = Piece::Data(large[..produced].to_vec());
                    return Ok(self.sender.send(piece).ok().map(|()| consumed as u64));
                }
                Member::OutputFull if room < self.max_member => {
                    room = room.saturating_mul(4).min(self.max_member);
                }
                Member::Bad if !self.window.reaches_end() && want < self.max_member as u64 => {
                    want *= 4
                }
                Member::OutputFull | Member::Bad => return self.streamed_member(at),
            }
        }
    }

    /// Streams the member at `at` in 1 MiB pieces with zlib. Returns its compressed length.
    fn streamed_member(&mut self, at: u64) -> io::Result<Option<u64>> {
        if !self.flush() {
            return Ok(None);
        }
        let mut source =
            FileFrom { file: Arc::clone(&self.window.file), at, buffer: Vec::new(), used: 0 };
        let mut decoder = flate2::bufread::GzDecoder::new(&mut source);
        loop {
            let mut piece = vec![0u8; 1 << 20];
            let n = read_full(&mut decoder, &mut piece)?;
            if n == 0 {
                break;
            }
            piece.truncate(n);
            if self.sender.send(Piece::Data(piece)).is_err() {
                return Ok(None);
            }
        }
        drop(decoder);
        Ok(Some(source.position() - at))
    }

    /// The first offset at or after `start` (and before `limit`) where a member whose output
    /// begins with `WARC/` starts.
    fn find_member(&mut self, start: u64, limit: u64) -> io::Result<Option<u64>> {
        let mut at = start;
        while at < limit {
            let bytes = self.window.from(at, FIRST_READ)?;
            let (found, read) = (memchr::memmem::find(bytes, b"\x1f\x8b\x08"), bytes.len());
            let Some(found) = found else {
                if self.window.reaches_end() {
                    return Ok(None);
                }
                at += read.saturating_sub(2).max(1) as u64;
                continue;
            };
            let candidate = at + found as u64;
            if candidate >= limit {
                return Ok(None);
            }
            if self.begins_a_record(candidate) {
                return Ok(Some(candidate));
            }
            at = candidate + 1;
        }
        Ok(None)
    }

    /// Whether a gzip member starting at `at` decompresses to something starting with `WARC/`.
    fn begins_a_record(&self, at: u64) -> bool {
        let source =
            FileFrom { file: Arc::clone(&self.window.file), at, buffer: Vec::new(), used: 0 };
        let mut decoder = flate2::bufread::GzDecoder::new(source);
        let mut head = [0u8; 5];
        decoder.read_exact(&mut head).is_ok() && &head == b"WARC/"
    }
}

fn read_full(reader: &mut impl Read, buffer: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match reader.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(filled)
}

/// A buffered reader of a file from an offset that knows how much of it was consumed, so the
/// end of a streamed member is known exactly.
struct FileFrom {
    file: Arc<File>,
    at: u64,
    buffer: Vec<u8>,
    used: usize,
}

impl FileFrom {
    fn position(&self) -> u64 {
        self.at - (self.buffer.len() - self.used) as u64
    }
}

impl Read for FileFrom {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for FileFrom {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.used == self.buffer.len() {
            self.buffer.resize(64 * 1024, 0);
            let n = self.file.read_at(&mut self.buffer, self.at)?;
            self.buffer.truncate(n);
            self.at += n as u64;
            self.used = 0;
        }
        Ok(&self.buffer[self.used..])
    }

    fn consume(&mut self, n: usize) {
        self.used = (self.used + n).min(self.buffer.len());
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn member(data: &[u8], level: u32) -> Vec<u8> {
        let mut encoder =
            flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(level));
        encoder.write_all(data).expect("compress");
        encoder.finish().expect("compress")
    }

    fn record(n: usize, body: &str) -> Vec<u8> {
        format!(
            "WARC/1.1\r\nWARC-Type: response\r\nContent-Length: {}\r\n\r\n{body}\r\n\r\n",
            body.len() + n % 3
        )
        .into_bytes()
    }

    fn read_parallel(bytes: &[u8], config: MembersConfig) -> (Vec<u8>, Option<String>) {
        let mut file = tempfile::tempfile().expect("temporary file");
        file.write_all(bytes).expect("write");
        let mut reader = ParallelGz::new(file, bytes.len() as u64, config);
        let mut out = Vec::new();
        let mut chunk = [0u8; 4096];
        loop {
            match reader.read(&mut chunk) {
                Ok(0) => return (out, None),
                Ok(n) => out.extend_from_slice(&chunk[..n]),
                Err(error) => return (out, Some(error.to_string())),
            }
        }
    }

    fn read_sequential(bytes: &[u8]) -> (Vec<u8>, bool) {
        let mut out = Vec::new();
        let failed = flate2::read::MultiGzDecoder::new(bytes).read_to_end(&mut out).is_err();
        (out, failed)
    }

    fn small(chunk: u64) -> MembersConfig {
        MembersConfig { chunk, jobs: 3, max_member: 1 << 20 }
    }

    fn archive(records: usize) -> Vec<u8> {
        (0..records)
            .flat_map(|n| member(&record(n, &format!("page {n} {}", "text ".repeat(n % 50))), 6))
            .collect()
    }

    #[test]
    fn the_output_is_the_sequential_output_for_any_chunk_size() {
        let file = archive(300);
        let (expected, _) = read_sequential(&file);
        for chunk in [64, 700, 4096, 1 << 20] {
            let (out, error) = read_parallel(&file, small(chunk));
            assert_eq!(error, None, "chunk {chunk}");
            assert!(
                out == expected,
                "chunk {chunk}: {} bytes, expected {}",
                out.len(),
                expected.len()
            );
        }
    }

    #[test]
    fn a_reader_given_up_early_ends_its_workers_with_it() {
        // Found by fuzzing: detached workers outlived the reader (LeakSanitizer saw one
        // mid-exit). Each worker holds the file, so the file's count tells whether any is left.
        let bytes = archive(300);
        let mut file = tempfile::tempfile().expect("temporary file");
        file.write_all(&bytes).expect("write");
        let mut reader = ParallelGz::new(file, bytes.len() as u64, small(64));
        let mut start = [0u8; 16];
        reader.read_exact(&mut start).expect("the first bytes");
        let file = Arc::clone(&reader.file);
        assert!(Arc::strong_count(&file) > 2, "workers are running");
        drop(reader);
        assert_eq!(Arc::strong_count(&file), 1, "no worker outlives the reader");
    }

    #[test]
    fn members_stored_inside_a_record_are_not_taken_for_boundaries() {
        // An archived .warc.gz kept in a stored (uncompressed) deflate block: its members'
        // headers appear in the outer file as they are.
        let inner = archive(20);
        let mut outer = archive(5);
        let mut carrying = record(0, "");
        carrying.extend_from_slice(&inner);
        outer.extend(member(&carrying, 0));
        outer.extend(archive(5));
        let (expected, _) = read_sequential(&outer);
        for chunk in [50, 333, 1000] {
            let (out, error) = read_parallel(&outer, small(chunk));
            assert_eq!(error, None, "chunk {chunk}");
            assert!(out == expected, "chunk {chunk}");
        }
    }

    #[test]
    fn one_big_member_and_members_over_the_piece_limit_are_streamed() {
        let whole: Vec<u8> = (0..200).flat_map(|n| record(n, &"word ".repeat(n))).collect();
        let single = member(&whole, 6);
        let (out, error) =
            read_parallel(&single, MembersConfig { chunk: 256, jobs: 2, max_member: 4096 });
        assert_eq!((out == whole, error), (true, None));
    }

    #[test]
    fn members_that_do_not_begin_a_record_are_read_in_place() {
        // One record split over two members: the second does not begin with `WARC/`.
        let mut file = archive(30);
        let split = record(7, &"half ".repeat(200));
        let (first, second) = split.split_at(split.len() / 2);
        file.extend(member(first, 6));
        file.extend(member(second, 6));
        file.extend(archive(30));
        let (expected, _) = read_sequential(&file);
        for chunk in (30..400).step_by(37) {
            let (out, error) = read_parallel(&file, small(chunk));
            assert_eq!(error, None, "chunk {chunk}");
            assert!(out == expected, "chunk {chunk}");
        }
    }

    #[test]
    fn a_damaged_end_is_an_error_for_every_chunk_size() {
        let good = archive(40);
        let mut junk_after = good.clone();
        junk_after.extend_from_slice(b"trailing bytes that are not gzip");
        let last = member(&record(1, "the last record"), 6);
        let mut cut_last = good.clone();
        cut_last.extend_from_slice(&last[..8]);
        for (name, file) in
            [("junk after the last member", junk_after), ("last member cut", cut_last)]
        {
            for chunk in [40, 300, 1 << 20] {
                let (_, error) = read_parallel(&file, small(chunk));
                assert!(error.is_some(), "{name}, chunk {chunk}: no error");
            }
        }
    }

    #[test]
    fn an_error_is_given_again_not_turned_into_an_end() {
        let file = archive(10);
        let cut = &file[..file.len() - 5];
        let mut written = tempfile::tempfile().expect("temporary file");
        written.write_all(cut).expect("write");
        let mut reader = ParallelGz::new(written, cut.len() as u64, small(100));
        let mut sink = Vec::new();
        assert!(reader.read_to_end(&mut sink).is_err());
        assert!(reader.fill_buf().is_err(), "the error stays");
    }

    #[test]
    fn truncation_and_junk_are_errors_after_the_good_output() {
        let file = archive(100);
        let cut = &file[..file.len() - 10];
        let (expected, failed) = read_sequential(cut);
        assert!(failed);
        let (out, error) = read_parallel(cut, small(500));
        assert!(error.is_some_and(|e| e.contains("offset")), "truncation reported");
        assert!(
            expected.starts_with(&out) && out.len() + 4096 > expected.len() / 2,
            "good output kept"
        );

        let mut junk = archive(10);
        let good = read_sequential(&junk).0;
        junk.extend_from_slice(b"this is not gzip at all");
        let (out, error) = read_parallel(&junk, small(100));
        assert!(error.is_some_and(|e| e.contains("not a gzip member") || e.contains("offset")));
        assert!(out == good, "the members before the junk are all there");
    }

    /// Reads to the end, collecting the output and every error passed over.
    fn read_through(bytes: &[u8], config: MembersConfig) -> (Vec<u8>, Vec<String>) {
        let mut file = tempfile::tempfile().expect("temporary file");
        file.write_all(bytes).expect("write");
        let mut reader = ParallelGz::new(file, bytes.len() as u64, config);
        let (mut out, mut errors) = (Vec::new(), Vec::new());
        let mut chunk = [0u8; 4096];
        loop {
            match reader.read(&mut chunk) {
                Ok(0) => return (out, errors),
                Ok(n) => out.extend_from_slice(&chunk[..n]),
                Err(error) if SkippedMember::is_skipped(&error) => errors.push(error.to_string()),
                Err(error) => panic!("reading stopped: {error}"),
            }
        }
    }

    #[test]
    fn records_after_a_damaged_member_are_found_again_for_every_chunk_size() {
        let (before, after) = (archive(20), archive(25));
        let damaged = member(&record(3, &"lost words ".repeat(40)), 6);
        let mut broken = damaged.clone();
        let middle = broken.len() / 2;
        broken[middle..middle + 8].copy_from_slice(b"\xde\xad\xbe\xef\xde\xad\xbe\xef");
        for (name, bad) in [
            ("corrupt member", broken.clone()),
            ("cut member", damaged[..damaged.len() / 2].to_vec()),
            ("junk", b"this is not gzip at all".to_vec()),
        ] {
            let mut file = before.clone();
            file.extend_from_slice(&bad);
            file.extend_from_slice(&after);
            let mut expected = read_sequential(&before).0;
            expected.extend(read_sequential(&after).0);
            for chunk in [64, 300, 1000, 1 << 20] {
                let (out, errors) = read_through(&file, small(chunk));
                assert_eq!(errors.len(), 1, "{name}, chunk {chunk}: {errors:?}");
                assert!(errors[0].contains("reading resumed at the next record"), "{errors:?}");
                // Whatever the damaged member gave before it broke may stand between them.
                let kept_before = out.starts_with(&read_sequential(&before).0);
                let kept_after = out.ends_with(&read_sequential(&after).0);
                assert!(kept_before && kept_after, "{name}, chunk {chunk}: records lost");
                assert!(out.len() <= expected.len() + 4096, "{name}, chunk {chunk}");
            }
        }
    }
}
