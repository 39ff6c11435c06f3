//! Walking paths and standard input into documents.

use std::collections::VecDeque;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use parallax_core::{ContentType, Document, Origin};
use walkdir::WalkDir;

use crate::http;
use crate::lines::{LineRead, read_bounded_line};
use crate::members::{MembersConfig, ParallelGz};
use crate::names::{SOURCES_FILE, SourceNames};
use crate::warc::WarcReader;
use crate::{Reason, SourceError, is_stdin};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Default limit on one document (a file, or a line of JSON Lines): 20 MB.
pub const DEFAULT_MAX_BYTES: u64 = 20 * 1000 * 1000;

/// How to read an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text.
    Text,
    /// Markdown.
    Markdown,
    /// HTML.
    Html,
    /// JSON Lines: one article record a line.
    Jsonl,
    /// A WARC web archive: its HTML responses.
    Warc,
}

impl Format {
    /// The format a file name's extension says, if it is one parallax reads.
    pub fn from_path(path: &Path) -> Option<Format> {
        // "page.html.gz" is read as the HTML it holds.
        let path = if is_gzip_name(path) { Path::new(path.file_stem()?) } else { path };
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "txt" | "text" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "warc" => Some(Format::Warc),
            _ => None,
        }
    }

    fn content_type(self) -> ContentType {
        match self {
            Format::Text => ContentType::PlainText,
            Format::Markdown => ContentType::Markdown,
            Format::Html => ContentType::Html,
            Format::Jsonl => ContentType::JsonRecord,
            Format::Warc => ContentType::Html,
        }
    }
}

/// Settings for reading sources.
#[derive(Debug, Clone)]
pub struct SourcesConfig {
    /// Largest document accepted, in bytes: a file, or one line of JSON Lines.
    pub max_bytes: u64,
    /// Read every input in this format instead of guessing from its name or content.
    pub format: Option<Format>,
    /// The outlet to record on every document, when the user names it.
    pub source: Option<String>,
    /// Outlets named by path (`--source PATH=NAME`); `sources.toml` files found in the folders
    /// read add theirs. They come before `source`.
    pub names: SourceNames,
}

impl Default for SourcesConfig {
    fn default() -> SourcesConfig {
        SourcesConfig {
            max_bytes: DEFAULT_MAX_BYTES,
            format: None,
            source: None,
            names: SourceNames::new(),
        }
    }
}

/// One item read: a document or the reason it could not be read, and how many input bytes it
/// took (for progress).
#[derive(Debug)]
pub struct Entry {
    /// The document, or what went wrong.
    pub item: Result<Document, SourceError>,
    /// Input bytes this entry accounts for.
    pub bytes: u64,
}

enum Input {
    File { path: PathBuf, format: Format },
    Stdin,
    Problem(SourceError),
}

/// A JSON Lines file or stream being read line by line.
struct LineReader {
    reader: Box<dyn BufRead>,
    path: Option<PathBuf>,
    line: u64,
    /// Lines that were not blank.
    records: u64,
}

/// A WARC file being read record by record.
struct WarcSource {
    reader: WarcReader,
    path: PathBuf,
    /// For a compressed file, how much of it has been read (so progress is counted in the
    /// file's bytes, not the larger decompressed ones) and how much of that was reported.
    read: Option<(Arc<AtomicU64>, u64)>,
}

/// The documents of a set of paths, read lazily and in order. See the crate docs.
pub struct Sources {
    config: SourcesConfig,
    inputs: VecDeque<Input>,
    current: Option<LineReader>,
    warc: Option<WarcSource>,
    skipped_records: u64,
    total_bytes: u64,
    skipped: u64,
    buffer: Vec<u8>,
}

impl Sources {
    /// Lists the inputs under `paths` (`-` is standard input). Problems found while listing
    /// (a missing path) become entries, in their place.
    pub fn open(paths: &[PathBuf], config: &SourcesConfig) -> Sources {
        let mut sources = Sources {
            config: config.clone(),
            inputs: VecDeque::new(),
            current: None,
            warc: None,
            skipped_records: 0,
            total_bytes: 0,
            skipped: 0,
            buffer: Vec::new(),
        };
        for path in paths {
            sources.list(path);
        }
        sources
    }

    /// Total size of the listed files, for a progress bar (standard input is not counted).
    pub fn total_bytes(&self) -> u64 {
        self.total_bytes
    }

    /// Entries found in folders that are not read: files not in a format parallax reads, and
    /// what is not a regular file (FIFOs, sockets, devices).
    pub fn skipped(&self) -> u64 {
        self.skipped
    }

    /// WARC records passed over: requests, metadata, and responses that are not HTML pages.
    pub fn skipped_records(&self) -> u64 {
        self.skipped_records
    }

    fn list(&mut self, path: &Path) {
        if is_stdin(path) {
            self.inputs.push_back(Input::Stdin);
            return;
        }
        let metadata = match std::fs::metadata(path) {
            Ok(metadata) => metadata,
            Err(error) => {
                return self.inputs.push_back(Input::Problem(SourceError::at(path, error)));
            }
        };
        if metadata.is_file() {
            // A file named on the command line is read even without a known extension.
            let format = self.config.format.or(Format::from_path(path)).unwrap_or(Format::Text);
            self.total_bytes += metadata.len();
            self.inputs.push_back(Input::File { path: path.to_path_buf(), format });
        } else if metadata.is_dir() {
            self.walk(path);
        } else {
            self.inputs.push_back(Input::Problem(SourceError::at(path, Reason::NotAFile)));
        }
    }

    fn walk(&mut self, folder: &Path) {
        let walk = WalkDir::new(folder)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
        for entry in walk {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    let item = parallax_core::shown_path(error.path().unwrap_or(folder));
                    let reason = Reason::Io(io::Error::other(error.to_string()));
                    self.inputs.push_back(Input::Problem(SourceError::new(item, reason)));
                    continue;
                }
            };
            if entry.file_type().is_dir() {
                self.read_names(entry.path());
                continue;
            }
            if entry.file_name() == SOURCES_FILE {
                continue;
            }
            if !entry.file_type().is_file() {
                // A FIFO, socket or device: never read (a FIFO would block), but counted.
                self.skipped += 1;
                continue;
            }
            let path = entry.path();
            match self.config.format.or(Format::from_path(path)) {
                Some(format) => {
                    self.total_bytes += entry.metadata().map_or(0, |m| m.len());
                    self.inputs.push_back(Input::File { path: path.to_path_buf(), format });
                }
                None => self.skipped += 1,
            }
        }
    }

    /// Takes the outlet names of a folder's `sources.toml`, if it has one.
    fn read_names(&mut self, folder: &Path) {
        let file = folder.join(SOURCES_FILE);
        if !file.is_file() {
            return;
        }
        if let Err(reason) = self.config.names.add_file(&file) {
            let problem = SourceError::at(&file, Reason::SourcesFile(reason));
            self.inputs.push_back(Input::Problem(problem));
        }
    }

    fn document(&self, origin: Origin, format: Format, bytes: Vec<u8>) -> Document {
        let named = match &origin {
            Origin::File { path } | Origin::Line { path, .. } => self.config.names.outlet_of(path),
            _ => None,
        };
        let source = named.map(str::to_string).or_else(|| self.config.source.clone());
        let mut document = Document::new(origin, format.content_type(), bytes);
        document.source = source;
        document
    }

    fn read_file(&mut self, path: PathBuf, format: Format) -> Option<Entry> {
        let limit = self.config.max_bytes;
        let file = match std::fs::File::open(&path) {
            Ok(file) => file,
            Err(error) => return Some(problem(SourceError::at(&path, error), 0)),
        };
        let gzip = is_gzip_name(&path);
        if format == Format::Warc {
            let mut read = None;
            let reader: Box<dyn BufRead> = if gzip {
                // Regular files are cut into chunks decompressed on every core.
                let size = file.metadata().map_or(0, |m| m.len());
                let config = MembersConfig::new(limit);
                let reader = ParallelGz::new(file, size, config);
                read = Some((reader.progress(), 0));
                Box::new(reader)
            } else {
                Box::new(BufReader::with_capacity(1 << 16, file))
            };
            self.warc = Some(WarcSource { reader: WarcReader::new(reader, limit), path, read });
            return None;
        }
        if format == Format::Jsonl {
            let reader: Box<dyn BufRead> = if gzip {
                Box::new(BufReader::with_capacity(1 << 16, flate2::read::MultiGzDecoder::new(file)))
            } else {
                Box::new(BufReader::with_capacity(1 << 16, file))
            };
            self.current = Some(LineReader { reader, path: Some(path), line: 0, records: 0 });
            return None;
        }
        let size = file.metadata().map_or(0, |m| m.len());
        if gzip {
            return Some(self.read_gzip(path, format, file, size));
        }
        if size > limit {
            return Some(problem(SourceError::at(&path, Reason::TooLarge { size, limit }), size));
        }
        // The file may have grown since it was listed: read no more than the limit allows.
        let mut bytes = Vec::with_capacity(size as usize);
        if let Err(error) = file.take(limit.saturating_add(1)).read_to_end(&mut bytes) {
            return Some(problem(SourceError::at(&path, error), size));
        }
        if bytes.len() as u64 > limit {
            let reason = Reason::TooLarge { size: bytes.len() as u64, limit };
            return Some(problem(SourceError::at(&path, reason), size));
        }
        let origin = Origin::File { path };
        Some(Entry { item: Ok(self.document(origin, format, bytes)), bytes: size })
    }

    /// A gzip-compressed file, decompressed up to the document limit.
    fn read_gzip(&self, path: PathBuf, format: Format, file: std::fs::File, size: u64) -> Entry {
        let limit = self.config.max_bytes;
        let mut bytes = Vec::new();
        let decoder = flate2::read::MultiGzDecoder::new(BufReader::new(file));
        if let Err(error) = decoder.take(limit.saturating_add(1)).read_to_end(&mut bytes) {
            return problem(SourceError::at(&path, Reason::Gzip(error)), size);
        }
        if bytes.len() as u64 > limit {
            let reason = Reason::TooLarge { size: bytes.len() as u64, limit };
            return problem(SourceError::at(&path, reason), size);
        }
        Entry { item: Ok(self.document(Origin::File { path }, format, bytes)), bytes: size }
    }

    fn read_stdin(&mut self) -> Option<Entry> {
        let mut reader: Box<dyn BufRead> = Box::new(BufReader::with_capacity(1 << 16, io::stdin()));
        match reader.fill_buf() {
            Ok(head) if head.starts_with(b"\x1f\x8b") => {
                let decoder = flate2::read::MultiGzDecoder::new(reader);
                reader = Box::new(BufReader::with_capacity(1 << 16, decoder));
            }
            Ok(_) => {}
            Err(error) => return Some(problem(SourceError::new("<stdin>", error), 0)),
        }
        let format = match self.config.format {
            Some(format) => format,
            None => match sniff(&mut reader) {
                Ok(format) => format,
                Err(error) => return Some(problem(SourceError::new("<stdin>", error), 0)),
            },
        };
        if format == Format::Jsonl {
            self.current = Some(LineReader { reader, path: None, line: 0, records: 0 });
            return None;
        }
        if format == Format::Warc {
            let reader = WarcReader::new(reader, self.config.max_bytes);
            self.warc = Some(WarcSource { reader, path: PathBuf::from("<stdin>"), read: None });
            return None;
        }
        let limit = self.config.max_bytes;
        let mut bytes = Vec::new();
        if let Err(error) = reader.take(limit.saturating_add(1)).read_to_end(&mut bytes) {
            return Some(problem(SourceError::new("<stdin>", error), 0));
        }
        let size = bytes.len() as u64;
        if size > limit {
            return Some(problem(
                SourceError::new("<stdin>", Reason::TooLarge { size, limit }),
                size,
            ));
        }
        Some(Entry { item: Ok(self.document(Origin::Stdin, format, bytes)), bytes: size })
    }

    /// The next non-blank line of the JSON Lines input being read, if any is left.
    fn next_line(&mut self) -> Option<Entry> {
        let limit = self.config.max_bytes;
        loop {
            let current = self.current.as_mut()?;
            current.line += 1;
            let line = current.line;
            let origin = match &current.path {
                Some(path) => Origin::Line { path: path.clone(), line },
                None => Origin::StdinLine { line },
            };
            match read_bounded_line(&mut current.reader, limit, &mut self.buffer) {
                Ok(LineRead::End) => {
                    let finished = self.current.take()?;
                    if finished.records > 0 {
                        return None;
                    }
                    let item = match &finished.path {
                        Some(path) => parallax_core::shown_path(path),
                        None => "<stdin>".to_string(),
                    };
                    return Some(problem(SourceError::new(item, Reason::NoRecords), 0));
                }
                Ok(LineRead::TooLong { consumed }) => {
                    current.records += 1;
                    let error = SourceError::new(origin.to_string(), Reason::LineTooLong { limit });
                    return Some(problem(error, consumed));
                }
                Ok(LineRead::Line { consumed }) => {
                    if self.buffer.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    current.records += 1;
                    let bytes = self.buffer.clone();
                    return Some(Entry {
                        item: Ok(self.document(origin, Format::Jsonl, bytes)),
                        bytes: consumed,
                    });
                }
                Err(error) => {
                    // A read error mid-file ends that file; the others go on.
                    self.current = None;
                    return Some(problem(SourceError::new(origin.to_string(), error), 0));
                }
            }
        }
    }
}

impl Sources {
    /// The next HTML page of the WARC file being read, or a problem; `None` at its end.
    fn next_record(&mut self) -> Option<Entry> {
        let limit = self.config.max_bytes;
        loop {
            let warc = self.warc.as_mut()?;
            let record = match warc.reader.next_record() {
                None => {
                    self.warc = None;
                    return None;
                }
                Some(Err(damage)) => {
                    let item =
                        format!("{}@{}", parallax_core::shown_path(&warc.path), damage.offset);
                    return Some(problem(SourceError::new(item, Reason::Warc(damage.reason)), 0));
                }
                Some(Ok(record)) => record,
            };
            let bytes = match &mut warc.read {
                Some((progress, reported)) => {
                    let now = progress.load(Ordering::Relaxed);
                    std::mem::replace(reported, now).abs_diff(now)
                }
                None => record.block.len() as u64,
            };
            let origin = Origin::WarcRecord { path: warc.path.clone(), offset: record.offset };
            if record.kind != "response" {
                self.skipped_records += 1;
                continue;
            }
            let parsed = match &record.http_head {
                Some(head) => http::parse_parts(head, record.block, limit),
                None => http::parse_response(&record.block, limit),
            };
            let response = match parsed {
                Ok(response) => response,
                Err(reason) => {
                    return Some(problem(
                        SourceError::new(origin.to_string(), Reason::Warc(reason)),
                        bytes,
                    ));
                }
            };
            let html = response
                .media_type
                .as_deref()
                .is_some_and(|t| t == "text/html" || t == "application/xhtml+xml");
            if !(200..300).contains(&response.status) || !html {
                self.skipped_records += 1;
                continue;
            }
            let mut document = self.document(origin, Format::Html, response.body);
            document.url = record.target_uri;
            document.charset = response.charset;
            if let Some(date) =
                record.date.as_deref().and_then(|d| chrono::DateTime::parse_from_rfc3339(d).ok())
            {
                document.fetched_at = date.with_timezone(&chrono::Utc);
            }
            return Some(Entry { item: Ok(document), bytes });
        }
    }
}

impl Iterator for Sources {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        loop {
            if self.warc.is_some() {
                if let Some(entry) = self.next_record() {
                    return Some(entry);
                }
                continue;
            }
            if self.current.is_some() {
                if let Some(entry) = self.next_line() {
                    return Some(entry);
                }
                continue;
            }
            let entry = match self.inputs.pop_front()? {
                Input::Problem(error) => Some(problem(error, 0)),
                Input::File { path, format } => self.read_file(path, format),
                Input::Stdin => self.read_stdin(),
            };
            if entry.is_some() {
                return entry;
            }
        }
    }
}

fn problem(error: SourceError, bytes: u64) -> Entry {
    Entry { item: Err(error), bytes }
}

fn is_gzip_name(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("gz"))
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|name| name.starts_with('.'))
}

/// Guesses the format of standard input from its first non-blank byte (or `WARC/`), past a
/// byte-order mark and however much leading whitespace arrives, however slowly.
fn sniff(reader: &mut impl BufRead) -> io::Result<Format> {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    let mut bom_seen = 0;
    loop {
        let Some(&byte) = reader.fill_buf()?.first() else { return Ok(Format::Text) };
        if byte.is_ascii_whitespace() || (bom_seen < BOM.len() && byte == BOM[bom_seen]) {
            bom_seen += usize::from(!byte.is_ascii_whitespace());
            reader.consume(1);
            continue;
        }
        let warc = reader.fill_buf()?.starts_with(b"WARC/");
        return Ok(match byte {
            b'W' if warc => Format::Warc,
            b'{' => Format::Jsonl,
            b'<' => Format::Html,
            _ => Format::Text,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folder");
        }
        std::fs::write(&path, bytes).expect("write file");
        path
    }

    fn origins(sources: Sources) -> Vec<String> {
        sources
            .map(|entry| match entry.item {
                Ok(document) => document.origin.to_string(),
                Err(error) => format!("error {error}"),
            })
            .collect()
    }

    #[test]
    fn folders_are_walked_in_order_and_unknown_files_skipped() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), "b.md", b"B");
        write(dir.path(), "a/one.txt", b"A");
        write(dir.path(), "a/photo.jpg", b"\xff\xd8");
        write(dir.path(), ".git/config.txt", b"hidden");
        write(dir.path(), "c.jsonl", b"{\"text\": \"1\"}\n\n{\"text\": \"2\"}\n");
        let sources = Sources::open(&[dir.path().to_path_buf()], &SourcesConfig::default());
        let root = dir.path().display().to_string();
        let listed: Vec<String> =
            origins(sources).into_iter().map(|o| o.replace(&root, "")).collect();
        assert_eq!(listed, ["/a/one.txt", "/b.md", "/c.jsonl:1", "/c.jsonl:3"]);
    }

    #[test]
    fn fifos_are_counted_as_skipped_and_odd_names_printed_escaped() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), "forged\nerror other.txt: gone.txt", b"A text with a strange name.");
        let fifo = dir.path().join("pipe.txt");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|status| status.success()) {
            eprintln!("skipped: mkfifo is not available");
            return;
        }
        let mut sources = Sources::open(&[dir.path().to_path_buf()], &SourcesConfig::default());
        let listed: Vec<String> = sources
            .by_ref()
            .map(|entry| entry.item.expect("a document").origin.to_string())
            .collect();
        assert_eq!(listed.len(), 1, "the FIFO is not read (reading it would block)");
        assert!(listed[0].ends_with("/forged\\nerror other.txt: gone.txt"), "{}", listed[0]);
        assert!(!listed[0].contains('\n'));
        assert_eq!(sources.skipped(), 1, "the FIFO is counted");
        let given = Sources::open(std::slice::from_ref(&fifo), &SourcesConfig::default());
        let refused = origins(given);
        assert!(refused[0].ends_with("pipe.txt: not a regular file or folder"), "{refused:?}");
    }

    #[test]
    fn problems_name_the_item_and_the_walk_goes_on() {
        let dir = tempfile::tempdir().expect("temp dir");
        let big = write(dir.path(), "big.txt", &[b'x'; 64]);
        let lines = write(
            dir.path(),
            "lines.jsonl",
            format!("{{\"text\": \"{}\"}}\n{{}}\n", "y".repeat(64)).as_bytes(),
        );
        let missing = dir.path().join("missing.txt");
        let config = SourcesConfig { max_bytes: 32, ..SourcesConfig::default() };
        let listed =
            origins(Sources::open(&[missing.clone(), big.clone(), lines.clone()], &config));
        assert_eq!(listed.len(), 4);
        assert!(listed[0].starts_with(&format!("error {}: ", missing.display())), "{}", listed[0]);
        assert_eq!(
            listed[1],
            format!(
                "error {}: 64 bytes, over the limit of 32 bytes (raise it with --max-bytes)",
                big.display()
            )
        );
        assert!(
            listed[2].starts_with(&format!("error {}:1: line longer", lines.display())),
            "{}",
            listed[2]
        );
        assert_eq!(listed[3], format!("{}:2", lines.display()));
    }

    #[test]
    fn a_json_lines_file_without_records_is_an_error_not_a_silent_success() {
        let dir = tempfile::tempdir().expect("temp dir");
        let empty = write(dir.path(), "empty.jsonl", b"");
        let blank = write(dir.path(), "blank.jsonl", b"\n  \n");
        let one = write(dir.path(), "one.jsonl", b"{\"text\": \"Rain.\"}\n");
        let listed = origins(Sources::open(
            &[empty.clone(), blank.clone(), one.clone()],
            &SourcesConfig::default(),
        ));
        assert_eq!(
            listed,
            [
                format!("error {}: empty: no records in it", empty.display()),
                format!("error {}: empty: no records in it", blank.display()),
                format!("{}:1", one.display()),
            ]
        );
    }

    #[test]
    fn sniffing_skips_marks_and_blank_chunks() {
        let mut input = BufReader::with_capacity(
            4,
            io::Cursor::new(b"\n \n\n  \xEF\xBB\xBF{\"text\": 1}".to_vec()),
        );
        assert_eq!(sniff(&mut input).ok(), Some(Format::Jsonl));
        assert_eq!(sniff(&mut io::Cursor::new(b"".to_vec())).ok(), Some(Format::Text));
    }

    #[test]
    fn the_largest_limit_does_not_overflow() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = write(dir.path(), "a.txt", b"Rain.");
        let config = SourcesConfig { max_bytes: u64::MAX, ..SourcesConfig::default() };
        let documents: Vec<Document> =
            Sources::open(&[path], &config).filter_map(|e| e.item.ok()).collect();
        assert_eq!(documents[0].bytes, b"Rain.");
    }

    #[test]
    fn forced_format_and_source_apply_to_every_document() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = write(dir.path(), "page.data", b"<p>hi</p>");
        let config = SourcesConfig {
            format: Some(Format::Html),
            source: Some("Harbour Herald".into()),
            ..SourcesConfig::default()
        };
        let documents: Vec<Document> =
            Sources::open(&[path], &config).filter_map(|entry| entry.item.ok()).collect();
        assert_eq!(documents.len(), 1);
        assert_eq!(documents[0].content_type, ContentType::Html);
        assert_eq!(documents[0].source.as_deref(), Some("Harbour Herald"));
    }
}
