//! Words that tell people from other names: titles, roles, given names, and the capitalised
//! words that open sentences without naming anyone. Written for parallax.

use std::collections::HashSet;
use std::sync::OnceLock;

/// Titles written before a name, lowercase without their full stop ("President Joe Biden",
/// "Mr Putin", "Sen. Ted Cruz").
#[rustfmt::skip]
pub(crate) const TITLES: &[&str] = &[
    "president", "presidents", "vice", "prime", "minister", "secretary", "spokesman",
    "spokeswoman", "spokesperson", "chancellor", "king", "queen", "prince", "princess", "pope",
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "sen", "senator", "rep",
    "representative", "gov", "governor", "mayor", "gen", "general", "admiral", "col", "colonel",
    "lt", "captain", "capt", "sgt", "sergeant", "judge", "justice", "ambassador", "envoy",
    "speaker", "chairman", "chairwoman", "chair", "director", "commissioner", "premier", "emir",
    "sheikh", "ayatollah", "rabbi", "reverend", "rev", "father", "bishop", "cardinal", "prof",
    "professor", "deputy", "foreign", "defence", "defense", "interior", "finance", "health",
    "economy", "trade", "energy", "justice", "attorney", "leader", "chief", "head", "supreme",
    "commander", "marshal", "officer", "agent", "detective", "inspector", "superintendent",
    "coach", "manager", "ceo", "founder", "press", "national", "security", "adviser", "advisor",
    "state", "white", "house", "majority", "minority", "whip", "first", "former", "acting",
    "interim", "elect", "then",
];

/// Nouns that name what a person does, singular and lowercase ("spokesman", "analyst").
#[rustfmt::skip]
pub(crate) const ROLE_NOUNS: &[&str] = &[
    "president", "minister", "secretary", "spokesman", "spokeswoman", "spokesperson", "chancellor",
    "king", "queen", "prince", "pope", "senator", "representative", "congressman",
    "congresswoman", "lawmaker", "legislator", "governor", "mayor", "general", "admiral",
    "colonel", "commander", "judge", "ambassador", "envoy", "diplomat", "speaker", "chairman",
    "chairwoman", "chair", "director", "commissioner", "premier", "leader", "chief", "head",
    "official", "officer", "adviser", "advisor", "analyst", "expert", "economist", "researcher",
    "scientist", "professor", "lawyer", "attorney", "prosecutor", "editor", "reporter",
    "correspondent", "journalist", "columnist", "author", "writer", "bartender", "farmer",
    "teacher", "student", "resident", "worker", "doctor", "nurse", "soldier", "veteran",
    "activist", "founder", "executive", "ceo", "manager", "owner", "candidate", "member",
    "negotiator", "strategist", "historian", "pastor", "priest", "bishop", "coach", "player",
    "captain", "aide", "deputy", "staffer", "consultant", "engineer", "pilot", "driver",
    "mother", "father", "son", "daughter", "wife", "husband", "widow", "witness", "survivor",
    "chancellor", "emir", "monarch", "dictator", "strongman", "counterpart", "successor",
    "predecessor", "opponent", "rival", "ally", "critic", "supporter", "voter", "protester",
    "businessman", "businesswoman", "entrepreneur", "investor", "banker", "oligarch",
    "politician", "statesman", "inspector", "investigator", "detective", "agent", "spy",
];

/// Capitalised words that open sentences or headlines without naming anything, lowercase.
#[rustfmt::skip]
pub(crate) const NOT_NAMES: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we",
    "i", "you", "his", "her", "their", "our", "my", "your", "in", "on", "at", "for", "from",
    "with", "by", "to", "of", "as", "after", "before", "during", "since", "until", "while",
    "when", "where", "why", "how", "what", "who", "which", "but", "and", "or", "so", "yet",
    "if", "though", "although", "because", "however", "meanwhile", "still", "also", "there",
    "here", "some", "many", "most", "all", "both", "each", "every", "no", "not", "one", "two",
    "other", "another", "such", "more", "less", "read", "related", "recommended", "you", "may",
    "like", "see", "photo", "video", "watch", "news", "original", "url", "update", "updated",
    "editor's", "note", "despite", "amid", "among", "about", "over", "under", "against",
    "instead", "then", "now", "today", "yesterday", "tomorrow", "last", "next", "earlier",
    "later", "already", "only", "even", "just", "then", "thus", "indeed", "perhaps", "of",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "june", "july", "august", "september", "october",
    "november", "december", "mr", "mrs", "ms", "dr", "sir", "advertisement", "subscribe",
    "sign", "follow", "share", "click", "tags", "topics", "copyright", "calling", "according",
    "asked", "speaking", "writing", "following", "under", "without", "within", "across",
    "outside", "inside", "near", "toward", "towards", "through", "throughout", "whether",
    "unlike", "with", "let", "yes", "oh", "well", "please", "thank", "thanks", "dear", "hey",
    "is", "are", "was", "were", "be", "do", "does", "did", "has", "have", "had", "will", "would",
    "can", "could", "should", "must", "your", "them", "him", "me", "us", "than", "into", "onto",
    "upon", "off", "out", "up", "down", "why", "whose", "whom", "ever", "never", "always",
];

/// Given names common in the news, lowercase: a span starting with one is a person.
#[rustfmt::skip]
pub(crate) const GIVEN_NAMES: &[&str] = &[
    "joe", "joseph", "donald", "barack", "hillary", "bill", "george", "john", "james", "robert",
    "michael", "william", "david", "richard", "thomas", "charles", "christopher", "daniel",
    "matthew", "anthony", "antony", "mark", "paul", "steven", "stephen", "andrew", "kevin",
    "brian", "edward", "ronald", "timothy", "jason", "jeffrey", "ryan", "jacob", "gary",
    "nicholas", "eric", "jonathan", "larry", "justin", "scott", "brandon", "benjamin", "samuel",
    "gregory", "frank", "alexander", "patrick", "jack", "dennis", "jerry", "tyler", "aaron",
    "adam", "henry", "nathan", "peter", "kyle", "walter", "harold", "carl", "arthur", "lawrence",
    "roger", "keith", "jeremy", "terry", "sean", "christian", "ted", "mitch", "chuck", "nancy",
    "kamala", "mike", "mary", "patricia", "jennifer", "linda", "elizabeth", "barbara", "susan",
    "jessica", "sarah", "karen", "lisa", "betty", "margaret", "sandra", "ashley", "kimberly",
    "emily", "donna", "michelle", "carol", "amanda", "melissa", "deborah", "stephanie",
    "rebecca", "laura", "sharon", "cynthia", "kathleen", "amy", "angela", "anna", "ruth",
    "brenda", "pamela", "nicole", "katherine", "samantha", "christine", "emma", "catherine",
    "debra", "rachel", "carolyn", "janet", "virginia", "maria", "heather", "diane", "julie",
    "joyce", "victoria", "kelly", "christina", "lauren", "joan", "evelyn", "olivia", "judith",
    "megan", "cheryl", "martha", "andrea", "hannah", "jacqueline", "ann", "jean", "alice",
    "kathryn", "gloria", "teresa", "doris", "sara", "janice", "julia", "marie", "madison",
    "grace", "judy", "theresa", "beverly", "denise", "marilyn", "amber", "danielle", "rose",
    "jen", "jill", "ilhan", "alexandria", "elizabeth", "liz", "boris", "theresa", "keir",
    "rishi", "emmanuel", "angela", "olaf", "ursula", "charles", "jens", "antonio", "mario",
    "giorgia", "pedro", "recep", "tayyip", "benjamin", "naftali", "yair", "mahmoud", "ali",
    "hassan", "ebrahim", "mohammed", "mohammad", "muhammad", "ahmed", "abdel", "abdul",
    "bashar", "xi", "li", "wang", "narendra", "imran", "shinzo", "fumio", "yoon", "moon", "kim",
    "vladimir", "volodymyr", "volodimir", "dmitry", "dmitri", "dmitriy", "sergei", "sergey",
    "andrey", "andrei", "alexei", "alexey", "aleksei", "oleksii", "oleksiy", "mikhail",
    "alexander", "aleksandr", "oleksandr", "yuri", "yury", "igor", "ivan", "nikolai", "pavel",
    "viktor", "victor", "yevgeny", "evgeny", "maria", "natalia", "olga", "tatiana", "irina",
    "svetlana", "yulia", "anastasia", "ekaterina", "rinat", "ruslan", "petro", "denys", "dmytro",
    "mykhailo", "vitali", "vitaly", "arseniy", "yulia", "kira", "alexandr",
    "jose", "luis", "carlos", "juan", "jorge", "manuel", "luiz", "inacio", "jair", "nicolas",
    "andres", "gustavo", "javier", "emmanuel", "francois", "jean", "pierre", "marine", "angela",
    "jair", "cyril", "jacob", "abiy", "paul", "uhuru", "william", "bola", "muhammadu",
    "sam", "rob", "bob", "bruce", "dave", "danny", "kathy", "stacy", "jane", "lou", "bernie",
    "dana", "dorothy", "abraham", "martin", "kris", "paula", "tim", "tom", "jim", "jimmy",
    "tony", "nick", "chris", "matt", "dan", "ben", "alex", "greg", "jeff", "steve", "ron",
    "ken", "doug", "phil", "fred", "ed", "al", "andy", "joel", "marco", "rand", "elon", "jeb",
    "lindsey", "marsha", "lisa", "amy", "tammy", "debbie", "cindy", "wendy", "tina", "kate",
    "katie", "meghan", "harry", "charlotte", "sophie", "lucy", "ellen", "helen", "claire",
    "rachel", "zoe", "chloe", "ella", "mia", "ava", "isabella", "natalie", "leah", "holly",
    "taylor", "brad", "ryan", "tyler", "kyle", "jordan", "jose", "miguel", "angel", "alejandro",
    "fernando", "ricardo", "roberto", "francisco", "rafael", "sergio", "raul", "diego", "pablo",
    "ana", "sofia", "lucia", "carmen", "isabel", "elena", "marta", "hans", "klaus", "jurgen",
    "wolfgang", "friedrich", "heinz", "gerhard", "helmut", "markus", "stefan", "thomas",
    "giuseppe", "giovanni", "luigi", "paolo", "matteo", "silvio", "jacques", "michel",
    "philippe", "nicolas", "francoise", "marie", "ahmad", "omar", "khalid", "hamid", "yusuf",
    "ibrahim", "mustafa", "fatima", "aisha", "ayesha", "raj", "rahul", "sonia", "priya",
    "amit", "sanjay", "arvind", "wei", "jun", "hiroshi", "takeshi", "yuki", "kenji", "shinzo",
    "gwyneth", "brian", "colin", "neil", "ian", "gordon", "nigel", "theresa", "jeremy", "gavin",
    "rory", "liam", "noah", "ethan", "mason", "logan", "lucas", "oliver", "jackson", "aiden",
    "pete", "beto", "kirsten", "elijah", "adam", "eve", "ruth", "esther", "joan", "frances",
    "pope", "milly", "anne", "kim", "joanna", "lena", "ada", "ivo", "tomas", "jonas",
];

/// The lowercase form a title takes without its full stop ("Sen." -> "sen").
pub(crate) fn bare(word: &str) -> String {
    word.trim_end_matches('.').to_lowercase()
}

/// A word list as a set, built once: the lists are read for every capitalised word.
fn set(
    list: &'static [&'static str],
    cell: &'static OnceLock<HashSet<&'static str>>,
) -> &'static HashSet<&'static str> {
    cell.get_or_init(|| list.iter().copied().collect())
}

/// Whether a word (any case) is a title written before a name.
pub(crate) fn is_title(word: &str) -> bool {
    static CELL: OnceLock<HashSet<&str>> = OnceLock::new();
    set(TITLES, &CELL).contains(bare(word).as_str())
}

/// Whether a word (any case, singular or plural) names what a person does.
pub(crate) fn is_role_noun(word: &str) -> bool {
    let lower = bare(word);
    let singular = lower
        .strip_suffix("men")
        .map(|stem| format!("{stem}man"))
        .or_else(|| lower.strip_suffix('s').map(str::to_string))
        .unwrap_or_else(|| lower.clone());
    static CELL: OnceLock<HashSet<&str>> = OnceLock::new();
    let roles = set(ROLE_NOUNS, &CELL);
    roles.contains(lower.as_str()) || roles.contains(singular.as_str())
}

/// Courtesy titles: they open a name but say nothing of a role.
pub(crate) fn is_courtesy(word: &str) -> bool {
    matches!(bare(word).as_str(), "mr" | "mrs" | "ms" | "miss" | "sir" | "dame" | "dr")
}

/// Whether a word (any case) is a given name.
pub(crate) fn is_given_name(word: &str) -> bool {
    static CELL: OnceLock<HashSet<&str>> = OnceLock::new();
    set(GIVEN_NAMES, &CELL).contains(word.to_lowercase().as_str())
}

/// Whether a capitalised word is one that opens sentences without naming anything.
/// Acronyms ("WHO", "IT") are names whatever word they spell.
pub(crate) fn is_not_name(word: &str) -> bool {
    let acronym = word.chars().count() > 1 && word.chars().all(|c| c.is_uppercase() || c == '.');
    static CELL: OnceLock<HashSet<&str>> = OnceLock::new();
    !acronym && set(NOT_NAMES, &CELL).contains(word.to_lowercase().as_str())
}
