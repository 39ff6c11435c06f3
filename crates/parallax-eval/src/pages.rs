//! Labelled web pages: the article-extraction benchmark (`ground-truth.json` beside
//! `html/<id>.html.gz`) and WCXB (`ground-truth/<id>.json` beside `html/<id>.html.gz`), read
//! into one shape. The page files are read one at a time by the caller, so a benchmark of any
//! size is never held in memory at once.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::extraction::read_bodies;
use crate::{EvalError, Result};

/// Decompressed pages larger than this are refused: a page is not a gigabyte.
pub const MAX_PAGE_BYTES: u64 = 64 * 1024 * 1024;

/// One labelled page. A field is `None` where the labels have no gold for it.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldPage {
    /// The page's id in the benchmark.
    pub id: String,
    /// Its gzipped HTML.
    pub html: PathBuf,
    /// The address it was fetched from.
    pub url: Option<String>,
    /// The main text.
    pub body: String,
    /// The headline.
    pub title: Option<String>,
    /// The author string as labelled ("Ana Lind, MD", "Ana Lind and Tom Berg").
    pub author: Option<String>,
    /// The publication day as labelled (`YYYY-MM-DD`, sometimes `YYYY-MM`).
    pub date: Option<String>,
}

/// Reads the article-extraction benchmark's labels (bodies and URLs only).
pub fn read_aeb(dir: &Path) -> Result<Vec<GoldPage>> {
    let truth = dir.join("ground-truth.json");
    let bodies = read_bodies(&truth)?;
    let urls = read_json(&truth)?;
    Ok(bodies
        .into_iter()
        .map(|(id, body)| GoldPage {
            url: urls.get(&id).and_then(|page| text(page, "url")),
            html: dir.join("html").join(format!("{id}.html.gz")),
            id,
            body,
            title: None,
            author: None,
            date: None,
        })
        .collect())
}

/// Reads WCXB labels: one `ground-truth/<id>.json` per page, sorted by id.
pub fn read_wcxb(dir: &Path) -> Result<Vec<GoldPage>> {
    let folder = dir.join("ground-truth");
    let entries = std::fs::read_dir(&folder).map_err(|source| io_error(&folder, source))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut pages = Vec::with_capacity(files.len());
    for file in files {
        let record = read_json(&file)?;
        let id = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let gold = record.get("ground_truth").cloned().unwrap_or(Value::Null);
        pages.push(GoldPage {
            html: dir.join("html").join(format!("{id}.html.gz")),
            url: text(&record, "url"),
            body: text(&gold, "main_content").unwrap_or_default(),
            title: text(&gold, "title"),
            author: text(&gold, "author"),
            date: text(&gold, "publish_date"),
            id,
        });
    }
    Ok(pages)
}

/// A page's HTML bytes, gunzipped (or as stored, when not gzipped), at most
/// [`MAX_PAGE_BYTES`].
pub fn read_page(path: &Path) -> Result<Vec<u8>> {
    let raw = std::fs::read(path).map_err(|source| io_error(path, source))?;
    if !raw.starts_with(&[0x1f, 0x8b]) {
        return Ok(raw);
    }
    let mut bytes = Vec::new();
    flate2::read::MultiGzDecoder::new(raw.as_slice())
        .take(MAX_PAGE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| io_error(path, source))?;
    if bytes.len() as u64 > MAX_PAGE_BYTES {
        return Err(EvalError::BadLine {
            path: path.display().to_string(),
            line: 0,
            reason: format!("decompresses to more than {MAX_PAGE_BYTES} bytes"),
        });
    }
    Ok(bytes)
}

fn read_json(path: &Path) -> Result<Value> {
    let text = std::fs::read_to_string(path).map_err(|source| io_error(path, source))?;
    serde_json::from_str(&text).map_err(|error| EvalError::BadLine {
        path: path.display().to_string(),
        line: error.line(),
        reason: error.to_string(),
    })
}

fn text(value: &Value, key: &str) -> Option<String> {
    let text = value.get(key)?.as_str()?.trim();
    (!text.is_empty()).then(|| text.to_string())
}

fn io_error(path: &Path, source: std::io::Error) -> EvalError {
    EvalError::Io { path: path.display().to_string(), source }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn gzipped_and_plain_pages_read_and_truncated_gzip_is_an_error() -> Result<()> {
        let dir = tempfile::tempdir().map_err(|source| io_error(Path::new("tmp"), source))?;
        let page = b"<html><body><p>Rain fell on Portvale.</p></body></html>";
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(page).map_err(|source| io_error(Path::new("gz"), source))?;
        let gz = encoder.finish().map_err(|source| io_error(Path::new("gz"), source))?;
        let write = |name: &str, bytes: &[u8]| -> Result<PathBuf> {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).map_err(|source| io_error(&path, source))?;
            Ok(path)
        };
        assert_eq!(read_page(&write("a.html.gz", &gz)?)?, page);
        assert_eq!(read_page(&write("b.html", page)?)?, page);
        let cut = write("c.html.gz", &gz[..gz.len() / 2])?;
        let error = read_page(&cut).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(error.contains("c.html.gz"), "the error names the file: {error}");
        Ok(())
    }
}
