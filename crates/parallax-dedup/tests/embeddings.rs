//! The semantic signal with the real all-MiniLM-L6-v2 weights. Needs `--features embeddings`
//! and the model (`scripts/fetch-embeddings.sh`, or `PARALLAX_EMBEDDINGS=DIR`); skips without it.
#![cfg(feature = "embeddings")]

use std::path::PathBuf;

use parallax_core::{Article, Paragraph, Published};
use parallax_dedup::{
    DedupConfig, Embedder, cosine, find_duplicates, find_duplicates_with_embeddings,
};

fn model() -> Option<Embedder> {
    let folder = std::env::var_os("PARALLAX_EMBEDDINGS").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models/all-minilm-l6-v2")
    });
    if !folder.join("model.safetensors").exists() {
        eprintln!("skipped: no model in {} (run scripts/fetch-embeddings.sh)", folder.display());
        return None;
    }
    Some(Embedder::load(&folder).expect("the model loads"))
}

#[test]
fn paraphrases_are_closer_than_unrelated_text_and_padding_is_ignored() {
    let Some(embedder) = model() else { return };
    let texts = [
        "Dock workers in Portvale walked off the job on Monday.",
        "On Monday, Portvale's dockworkers went on strike.",
        "The central bank left interest rates unchanged.",
    ];
    let vectors = embedder.embed(&texts).expect("embeds");
    assert!(cosine(&vectors[0], &vectors[1]) > cosine(&vectors[0], &vectors[2]) + 0.3);
    assert!((cosine(&vectors[0], &vectors[0]) - 1.0).abs() < 1e-4, "unit length");
    // The same sentence alone or beside a long one: pooling must not see the padding.
    let long = "word ".repeat(100);
    let alone = embedder.embed(&[texts[2]]).expect("embeds");
    let beside = embedder.embed(&[texts[2], long.as_str()]).expect("embeds");
    assert!(cosine(&alone[0], &beside[0]) > 0.9999);
}

fn article(source: &str, sentences: &[&str]) -> Article {
    let mut article = Article::new(sentences.iter().map(|s| Paragraph::text(*s)).collect());
    article.source = Some(source.to_string());
    article.published = Published::parse("2025-03-12").ok();
    article.seal();
    article
}

/// A wire report and the same report retold in other words, sentence by sentence: the words
/// differ too much to align, the meaning does not.
#[test]
fn retold_copies_are_found_by_meaning() {
    let Some(embedder) = model() else { return };
    let wire = article(
        "Harbour Herald",
        &[
            "Dock workers in Portvale extended their strike on Wednesday, leaving 40 ships at anchor off the Eastquay terminal.",
            "The Portvale Dockworkers Federation said 4,000 members had stopped work, while police counted 2,500 on the picket lines.",
            "Federation leader Aleksandr Voronin said nobody would return to the cranes without a real offer from the ministry.",
            "Transport Minister Henrik Salme said the government could not go beyond a 5 percent raise over two years.",
            "Shipping lines began sending vessels north to Kelmouth, whose berths were already nearly full.",
            "The Vessland Chamber of Commerce warned that supermarkets could run out of imported fruit within days.",
        ],
    );
    let retold = article(
        "Coastal Post",
        &[
            "Forty vessels sat anchored outside Eastquay on Wednesday as Portvale's dockers prolonged their walkout.",
            "According to the Portvale Dockworkers Federation, 4,000 of its people are out, although officers put the crowd at 2,500.",
            "Aleksandr Voronin, who heads the federation, vowed that the cranes would stay idle until the ministry made a serious proposal.",
            "Henrik Salme, the transport minister, insisted a pay rise above 5 percent spread across two years was unaffordable.",
            "Carriers have started diverting ships up the coast to Kelmouth, where the quays are close to capacity.",
            "Grocery chains may soon face shortages of fruit from abroad, the Vessland Chamber of Commerce cautioned.",
        ],
    );
    let articles = [wire, retold];
    let config = DedupConfig::default();
    assert!(
        find_duplicates(&articles, &config).is_empty(),
        "lexical alignment alone should miss this pair"
    );
    let groups = find_duplicates_with_embeddings(&articles, &config, &embedder).expect("embeds");
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].kind.as_str(), "rewritten");
    assert!(groups[0].links[0].aligned >= 0.8, "{:?}", groups[0].links);
}
