package extract

import "strings"

// Word lists of the extractor. They describe English posting language in
// general (cue words, headings, generic words); none is keyed to a test set.

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// commonKeys are the normalized keys of genericOnly, filled at init: a
// one-word form with one of these keys is not indexed (unless the taxonomy
// marks it case-sensitive); multi-word forms containing them still match.
var commonKeys = map[string]bool{}

// genericOnly are words that may be a skill's own preferred label but never
// count as one when found alone in text.
var genericOnly = set("experience", "knowledge", "skill", "skills", "ability", "work", "team",
	"job", "role", "position", "company", "business", "year", "years", "time", "day", "people",
	"person", "candidate", "opportunity", "responsible", "required", "requirement", "excellent",
	"good", "great", "strong", "new", "high", "level", "full", "part", "key", "able", "make",
	"get", "take", "give", "look", "like", "need", "help", "use", "set", "run", "start", "end",
	"way", "area", "field", "type", "case", "range", "order", "value", "best", "first", "one",
	"also", "across", "based", "base", "related", "different", "general", "ideal", "include",
	"join", "offer", "member", "group", "hour", "world", "zone", "well", "effective", "provide",
	"ensure", "deliver", "do", "care", "support", "office", "data", "change", "control", "content",
	"customer", "client", "user", "staff", "standard", "quality", "service", "services", "system",
	"process", "product", "project", "plan", "report", "task", "duty", "activity", "tool",
	"solution", "application", "information", "focus", "environment", "training", "working",
	"understand", "manage", "management", "develop", "development", "design", "build", "create",
	"test", "lead", "write", "read", "learn", "apply", "review", "maintain", "perform", "operate",
	"check", "train", "communicate", "coordinate", "monitor", "program", "programme", "network",
	"technology", "operations", "organisation", "organization", "english", "language")

// ambiguousWords are everyday English words that are also names of tools,
// languages or methods. A one-word form equal to one of them needs context
// even when the taxonomy does not flag it (ESCO and O*NET do not).
var ambiguousWords = set("go", "swift", "spark", "excel", "access", "word", "teams", "rust",
	"ruby", "chef", "puppet", "shell", "lean", "express", "agile", "slack", "zoom", "outlook",
	"project", "dart", "julia", "crystal", "pascal", "basic", "logo", "ada", "pig", "hive", "flask",
	"ember", "backbone", "meteor", "mercury", "oracle", "sage", "mode", "storm", "beam", "drill",
	"salt", "ant", "make", "fish", "atom", "sketch", "bridge", "paint", "publisher", "reader",
	"office", "windows", "maya", "nuke", "rhino", "inventor", "fusion", "civil", "prism", "epic",
	"eclipse", "visual", "studio", "code", "less", "material", "semantic", "dash", "shiny", "arrow",
	"ray", "glue", "lambda", "aurora", "athena", "notion", "monday", "bamboo", "unity", "cucumber",
	"spring", "play", "rails", "react", "next", "node", "vault", "consul", "nomad", "helm",
	"circle", "compass", "chai", "jest", "nose", "mocha", "karma", "gem", "pandas", "keras",
	"matlab", "stream", "edge", "chrome", "safari", "opera", "box", "dropbox", "canvas", "blackboard",
	"moodle", "target", "amazon", "apple", "google", "square", "stripe", "shopify", "wix",
	"r", "c", "d", "e", "f", "j", "k", "q", "s", "v", "x")

// headingPhrases map heading words to sections, tried in order: the first
// phrase contained in a heading line decides.
var headingPhrases = []struct {
	phrase  string
	section string
}{
	{"nice to have", "nice"}, {"nice to haves", "nice"}, {"good to have", "nice"},
	{"bonus", "nice"}, {"bonus points", "nice"}, {"preferred", "nice"}, {"desirable", "nice"},
	{"desired", "nice"}, {"plus", "nice"}, {"pluses", "nice"}, {"extra credit", "nice"},
	{"optional", "nice"}, {"advantageous", "nice"}, {"ideally", "nice"}, {"even better", "nice"},
	{"about the role", "resp"}, {"about the job", "resp"}, {"about the position", "resp"},
	{"about this role", "resp"}, {"about the opportunity", "resp"},
	{"about you", "req"}, {"requirements", "req"}, {"requirement", "req"}, {"required", "req"},
	{"qualifications", "req"}, {"qualification", "req"}, {"must have", "req"},
	{"must haves", "req"}, {"what you'll need", "req"}, {"what you need", "req"},
	{"what you will need", "req"}, {"what we're looking for", "req"},
	{"what we are looking for", "req"}, {"who you are", "req"}, {"you have", "req"},
	{"you bring", "req"}, {"what you bring", "req"}, {"your profile", "req"}, {"profile", "req"},
	{"skills", "req"}, {"experience", "req"}, {"competencies", "req"}, {"competences", "req"},
	{"essential", "req"}, {"ideal candidate", "req"}, {"your background", "req"},
	{"background", "req"}, {"looking for", "req"}, {"expertise", "req"}, {"knowledge", "req"},
	{"education", "req"}, {"technologies", "req"}, {"tech stack", "req"}, {"stack", "req"},
	{"tools", "req"}, {"technical skills", "req"}, {"tech", "req"}, {"prerequisites", "req"}, {"minimum", "req"}, {"basic", "req"},
	{"responsibilities", "resp"}, {"responsibility", "resp"}, {"what you'll do", "resp"},
	{"what you will do", "resp"}, {"what you'll be doing", "resp"}, {"duties", "resp"},
	{"the role", "resp"}, {"your role", "resp"}, {"the job", "resp"}, {"role", "resp"},
	{"tasks", "resp"}, {"day to day", "resp"}, {"your mission", "resp"}, {"mission", "resp"},
	{"accountabilities", "resp"}, {"job description", "resp"}, {"description", "resp"},
	{"the position", "resp"}, {"in this role", "resp"}, {"you will", "resp"}, {"you'll", "resp"},
	{"what you'll work on", "resp"}, {"the opportunity", "resp"}, {"overview", "resp"},
	{"about us", "about"}, {"about the company", "about"}, {"who we are", "about"},
	{"our company", "about"}, {"company", "about"}, {"benefits", "about"}, {"perks", "about"},
	{"what we offer", "about"}, {"we offer", "about"}, {"why join", "about"}, {"why work", "about"},
	{"why you'll love", "about"}, {"compensation", "about"}, {"salary", "about"}, {"pay", "about"},
	{"equal opportunity", "about"}, {"eeo", "about"}, {"diversity", "about"},
	{"inclusion", "about"}, {"our values", "about"}, {"values", "about"}, {"culture", "about"},
	{"life at", "about"}, {"about", "about"}, {"our story", "about"}, {"join us", "about"},
	{"how to apply", "about"}, {"apply", "about"}, {"privacy", "about"}, {"rewards", "about"},
	{"what's in it for you", "about"}, {"location", "other"}, {"contact", "about"},
}

// headingFiller are words a heading may contain beside its phrase.
var headingFiller = set("a", "an", "and", "&", "the", "our", "your", "key", "main", "core",
	"additional", "other", "general", "you", "we", "what", "who", "will", "do", "need", "needed",
	"to", "for", "of", "in", "at", "us", "this", "job", "position", "work", "is", "are", "be",
	"must", "have", "it", "technical", "professional", "personal", "soft", "hard", "desired",
	"required", "preferred", "ideal", "candidate", "team", "qualities", "attributes", "points",
	"would", "great", "if", "really", "stand", "out", "more", "even", "better", "why", "how",
	"'ll", "you'll", "we're", "what's", "me", "my", "get", "offer", "can", "i", "s", "with",
	"things", "some", "minimum", "basic", "nice", "plus", "bonus", "requirements", "role",
	"looking", "haves", "bring", "love", "join", "life", "day", "details", "summary", "brief")

// eeoCues mark equal-opportunity and legal boilerplate lines.
var eeoCues = []string{"equal opportunity", "equal employment", "without regard to",
	"regardless of race", "reasonable accommodation", "affirmative action", "protected veteran",
	"sexual orientation", "gender identity", "national origin", "e-verify", "disability status"}

// cueWords before or after an ambiguous form are evidence that it names a skill.
var cueWords = set("programming", "program", "language", "languages", "framework", "frameworks",
	"library", "libraries", "developer", "developers", "development", "engineer", "engineers",
	"proficient", "proficiency", "expertise", "expert", "familiarity", "familiar", "fluent",
	"fluency", "knowledge", "experience", "experienced", "skills", "skill", "skilled", "coding",
	"code", "scripting", "scripts", "certified", "certification", "stack", "microsoft", "ms",
	"apache", "google", "amazon", "aws", "software", "tools", "tool", "platform", "methodology",
	"methodologies", "methods", "principles", "practices", "advanced", "using", "use", "with",
	"in", "written", "sdk", "api", "apis", "version", "environment", "ecosystem", "backend",
	"frontend", "developing", "writing", "build", "building")

// strongCues are cue words that are evidence on their own; weak cues (with,
// in, using, use) need another skill or a list nearby as well.
var weakCues = set("with", "in", "using", "use", "experience", "knowledge", "skills", "skill",
	"written", "environment", "advanced", "build", "building", "writing", "developing", "tools",
	"tool", "software", "version")

// antiNext words after an ambiguous form show it is the everyday word:
// "C level", "C suite", "go getter", "go above and beyond".
var antiNext = set("level", "suite", "getter", "getters", "live", "ahead", "above", "beyond",
	"through", "to", "the", "a", "an", "your", "our", "their", "for", "out", "up", "back", "on",
	"off", "into", "over", "about", "is", "are", "was", "be", "of", "at", "in", "it", "that",
	"this", "yourself", "myself", "ourselves", "from", "as", "by", "&", "’s", "'s")

// antiPrev words before an ambiguous form show the same: "to go", "will excel".
var antiPrev = set("to", "will", "you", "we", "they", "i", "can", "could", "would", "should",
	"must", "may", "might", "and", "let", "let's", "lets", "'ll", "you'll", "we'll", "never",
	"always", "a", "the", "an", "of", "your", "our", "their", "my", "his", "her", "its", "easy",
	"quick", "free", "open", "full", "public", "private", "grant", "gain", "have", "has", "had",
	"who", "that", "which")

// requiredCues and preferredCues set the requirement level of a sentence.
var requiredCues = set("required", "require", "requires", "requirement", "must", "essential",
	"mandatory", "necessary", "minimum", "need", "needs", "needed")
var preferredCues = set("preferred", "preferable", "preferably", "plus", "bonus", "nice",
	"desirable", "desired", "ideally", "advantage", "advantageous", "beneficial", "optional",
	"asset", "helpful", "welcome", "favourable", "favorable")

// negCues before a mention in its clause negate it.
var negCues = set("no", "not", "without", "never", "nor", "don't", "doesn't", "dont", "doesnt",
	"isn't", "aren't", "won't")

// negAfter after "not"/"n't" following a mention negate it: "SQL not required".
var negAfter = set("required", "needed", "necessary", "mandatory", "essential", "expected",
	"a must", "requirement")

var numberWords = map[string]float64{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
	"six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
	"fifteen": 15, "twenty": 20}

var yearWords = set("year", "years", "yrs", "yr", "year's", "years'")

var conjunctions = set("and", "or", "&", "/", ",", "as", "well", "plus", "nor")

func init() {
	n := NormalizerFor("en")
	for w := range genericOnly {
		commonKeys[n.Norm(w)] = true
	}
}

// languageCues around a language name show it is a language skill.
var languageCues = set("fluent", "fluency", "fluently", "speak", "speaks", "speaking", "spoken",
	"written", "write", "native", "language", "languages", "proficiency", "proficient",
	"bilingual", "mother", "tongue", "level", "business", "conversational", "c1", "c2", "b1", "b2",
	"skills", "knowledge", "command", "oral", "verbal", "excellent", "good", "working")

// genericAdj right before an everyday word, and genericNouns around it,
// show it is named as a skill: "strong leadership", "experience in
// accounting", "accounting experience".
var genericAdj = set("strong", "excellent", "good", "great", "solid", "proven", "demonstrated",
	"demonstrable", "exceptional", "outstanding", "sound", "advanced", "basic", "superb",
	"effective", "high", "highly", "very", "extensive", "deep", "thorough", "practical", "hands-on",
	"expert", "professional", "fluent", "relevant", "previous", "prior", "excellence")
var genericPrep = set("in", "of", "with", "on", "at", "for", "including", "across", "around")

// verbPrep after a form ending in -ing shows a verb: "team working on".
var verbPrep = set("on", "in", "within", "with", "from", "for", "at", "across", "alongside",
	"closely", "together", "to", "towards", "under", "as", "onsite", "remotely")

var genericNouns = set("experience", "experienced", "knowledge", "knowledgeable", "skills", "skill",
	"skilled", "understanding", "background", "expertise", "proficiency", "proficient",
	"familiarity", "familiar", "degree", "ability", "abilities", "competence", "competency",
	"competencies", "qualification", "qualifications", "qualified", "certified", "certification",
	"trained", "capabilities", "capability", "record")

// personNouns after an everyday word, or personBefore before it, show it
// describes the person wanted.
var personNouns = set("person", "people", "individual", "individuals", "candidate", "candidates",
	"personality", "attitude", "mindset", "nature", "manner", "professional", "professionals",
	"self-starter", "player", "approach", "character", "worker", "learner", "thinker",
	"communicator", "leader", "colleague")
var personBefore = set("be", "are", "is", "you're", "you’re", "highly", "very", "extremely",
	"self", "truly", "naturally", "genuinely", "always", "remain", "stay", "being")

// roleNouns after a skill make it part of a job title ("Java Developer").
var roleNouns = set("developer", "developers", "engineer", "engineers", "architect", "architects",
	"consultant", "consultants", "specialist", "specialists", "programmer", "programmers",
	"administrator", "administrators", "analyst", "analysts", "designer", "designers", "tester",
	"testers", "expert", "experts", "lead", "manager", "managers", "officer", "technician",
	"technicians", "coordinator", "director", "intern", "trainee", "apprentice", "practitioner",
	"nurse", "teacher", "lecturer", "scientist", "scientists", "dev", "devs", "ninja", "guru")

// offerWords mark sentences about benefits or applying: mentions there are
// no demand ("professional development", "remote work", "one PDF file").
var offerWords = set("benefit", "benefits", "perks", "perk", "offer", "offers", "offering",
	"pension", "retirement", "insurance", "holiday", "holidays", "vacation", "wellness", "fitness",
	"gym", "discounts", "discount", "stock", "equity", "salary", "compensation", "bonus", "allowance",
	"reimbursement", "budget", "conferences", "meetups", "growth", "career", "careers",
	"opportunities", "paid", "leave", "relocation", "visa", "canteen", "lunch", "snacks", "parking",
	"childcare", "wellbeing", "well-being")

// applyWords mark sentences about how to apply; unlike offers, "your" does
// not make them requirements ("attach your CV").
var applyWords = set("applications", "applicants", "submit", "submitted", "attach", "attached",
	"cv", "résumé", "deadline", "shortlist", "shortlisted", "enclose", "enclosed")

// taskVerbs are verbs that open a statement of work in job ads, in their
// base, third-person and -ing forms ("maintain", "maintains",
// "maintaining").
var taskVerbs = inflect("administer", "advise", "analyse", "analyze", "architect", "assess", "assist",
	"automate", "build", "coach", "collaborate", "conduct", "configure", "contribute", "coordinate",
	"create", "debug", "define", "deliver", "deploy", "design", "develop", "document", "drive",
	"enhance", "ensure", "establish", "evaluate", "execute", "facilitate", "help", "identify",
	"implement", "improve", "integrate", "lead", "leverage", "maintain", "manage", "mentor", "migrate",
	"monitor", "operate", "optimise", "optimize", "organise", "organize", "own", "oversee",
	"participate", "partner", "perform", "plan", "prepare", "prioritise", "prioritize", "provide",
	"prototype", "refactor", "research", "review", "run", "shape", "solve", "support", "test",
	"translate", "troubleshoot", "use", "utilise", "utilize", "work", "write")

// inflect returns the set of the base, third-person (-s) and -ing forms of
// regular English verbs (final silent e dropped before -ing, final
// "ee" kept, final consonant of "run" and "plan" doubled).
func inflect(verbs ...string) map[string]bool {
	m := map[string]bool{}
	for _, v := range verbs {
		ing := strings.TrimSuffix(v, "e") + "ing"
		if strings.HasSuffix(v, "ee") {
			ing = v + "ing"
		}
		if v == "run" || v == "plan" {
			ing = v + v[len(v)-1:] + "ing"
		}
		third := v + "s"
		if strings.HasSuffix(v, "sh") || strings.HasSuffix(v, "ss") {
			third = v + "es"
		}
		m[v], m[third], m[ing] = true, true, true
	}
	return m
}

// verbWords are finite verbs and modals: a line with one is not a bare job title.
var verbWords = set("is", "are", "was", "were", "be", "been", "will", "would", "can", "could",
	"should", "must", "may", "have", "has", "had", "do", "does", "join", "work", "works", "help",
	"helps", "build", "builds", "lead", "leads", "seeking", "looking", "need", "needs", "want")

// orgUnits before "of"/"for" start the name of an organisation unit.
var orgUnits = set("department", "faculty", "school", "institute", "centre", "center", "division",
	"section", "college", "ministry", "office", "bureau", "head", "director", "professor", "chair",
	"master", "bachelor", "msc", "bsc", "phd", "doctor")

// spanStarters are the words that begin SkillSpan "Skill" spans in at least
// 30% of their occurrences (and at least 3 times) in skillspan-train.jsonl:
// mostly verbs and evaluative adjectives. A skill mention is widened to the
// nearest such word before it in its clause, because annotators mark the
// whole verb phrase ("develop scalable microservices").
var spanStarters = set("acquire", "act", "acting", "adapt", "analytical", "analyze", "articulate",
	"assess", "assist", "assisting", "attention", "automate", "bringing", "building", "coach",
	"coding", "collaborate", "collaborating", "communicate", "communicating", "communication",
	"communicator", "conduct", "contribute", "contributing", "coordinate", "coordinating",
	"coordination", "create", "curious", "debug", "dedication", "define", "defining", "deliver",
	"delivering", "deploying", "designing", "develop", "developing", "drive", "driving", "energetic",
	"engage", "ensure", "ensuring", "enthusiasm", "enthusiastic", "establish", "evaluate",
	"examination", "execute", "eye", "facilitate", "finding", "giving", "guide", "handle", "handling",
	"hands-on", "holistic", "identify", "improve", "improving", "integrate", "interact",
	"interpersonal", "investigate", "keeping", "lead", "maintain", "maintaining", "manage",
	"managing", "mentor", "mentoring", "monitor", "motivated", "optimizing", "perform", "performing",
	"pick", "positive", "pragmatic", "preparation", "prepare", "proactive", "proactively", "provide",
	"resolving", "result-oriented", "running", "securing", "self-driven", "self-starter", "serve",
	"setting", "sharing", "solve", "solving", "structured", "supervise", "supporting", "systematic",
	"taking", "thrive", "translate", "troubleshoot", "understand", "write", "writing")
