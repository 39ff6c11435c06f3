//! Iterates every record of a WARC file with the `warc` crate, reading each body, and prints
//! the same JSON fields as `parallax bench warc --json`.

use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("usage: warc-crate-read FILE");
    let size = std::fs::metadata(&path).expect("file").len();
    let started = Instant::now();
    let (mut records, mut problems, mut body_bytes) = (0u64, 0u64, 0u64);
    type Records = Box<dyn Iterator<Item = Result<warc::Record<warc::BufferedBody>, warc::Error>>>;
    let reader: std::io::Result<Records> = if path.ends_with(".gz") {
        warc::WarcReader::from_path_gzip(&path).map(|r| Box::new(r.iter_records()) as Records)
    } else {
        warc::WarcReader::from_path(&path).map(|r| Box::new(r.iter_records()) as Records)
    };
    for record in reader.expect("open") {
        match record {
            Ok(record) => {
                records += 1;
                body_bytes += record.body().len() as u64;
            }
            Err(error) => {
                // The iterator does not move past a broken record: count it and stop.
                eprintln!("record {records}: {error}");
                problems += 1;
                break;
            }
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{{\"reader\": \"warc crate 0.4.0\", \"records\": {records}, \"problems\": {problems}, \"body_bytes\": {body_bytes}, \"seconds\": {seconds:.3}, \"mb_per_second\": {:.1}, \"records_per_second\": {:.0}}}",
        size as f64 / 1e6 / seconds,
        records as f64 / seconds
    );
}
