/**
 * Word lists for the personal-information rules. They are what the NLP library cannot know about
 * this fund: Maine's shops, programs and towns (capitalised, and so taken for names), the words a
 * narrative uses for family and roles, and first names that are also ordinary words.
 * Lowercase; multi-word entries are matched as whole word sequences.
 */

/** Businesses, programs, agencies, places and other proper nouns that are never a survivor. */
export const ALLOWED_PHRASES: readonly string[] = [
  // Shops, fuel, services
  'walmart', 'walmart vision center', 'hannaford', "shaw's", 'shaws', 'target', 'dollar general', "reny's", 'renys', "marden's",
  'mardens', 'aldi', 'rite aid', 'walgreens', 'cvs', 'goodwill', 'home depot', "lowe's", 'lowes', 'irving', 'circle k',
  'cumberland farms', 'amazon', 'best buy', 'staples', 'family dollar', 'big lots', 'ocean state job lot', 'job lot',
  'market basket', "sam's club", 'tractor supply', 'u-haul', 'uhaul', 'autozone', 'jiffy lube', 'dunkin', "dunkin'",
  'dollar tree', 'smcc', 'emcc', 'cmcc', 'kvcc', 'nmcc', 'wccc', 'ycc', 'usm', 'umaine', 'uma', 'tim hortons', "mcdonald's", 'subway', 'l.l.bean', 'll bean', 'll.bean', 'l.l. bean', 'bath iron works', 'costco', 'bj\'s', 'big apple',
  'save a lot', 'save-a-lot', 'kohl\'s', 'kohls', 'tj maxx', 'marshalls', 'old navy', 'payless', 'petco', 'petsmart',
  'napa', 'firestone', 'midas', 'meineke', 'valvoline', 'mobil', 'citgo', 'gulf', 'shell', 'sunoco', 'exxon',
  'chromebook', 'netflix', 'ebay', 'facebook', 'craigslist', 'venmo', 'paypal', 'cash app', 'western union',
  // Phone, power, water
  'tracfone', 'verizon', 'at&t', 't-mobile', 'straight talk', 'cricket', 'boost', 'metro pcs', 'spectrum', 'consolidated',
  'cmp', 'central maine power', 'versant', 'versant power', 'unitil', 'summit', 'maine natural gas', 'maine water',
  'portland water district', 'dead river', 'c.n. brown',
  // Lodging
  'motel 6', 'super 8', 'red roof inn', 'red roof', 'days inn', 'comfort inn', 'econo lodge', 'quality inn', 'travelodge',
  'howard johnson', 'best western', 'holiday inn', 'hampton inn', 'airbnb',
  // Transport
  'greyhound', 'concord coach', 'concord coach lines', 'downeaster', 'amtrak', 'metro', 'citylink', 'uber', 'lyft',
  'bsoob', 'shuttle bus', 'explorer', 'island explorer', 'jetport', 'casco bay lines',
  // Programs, agencies, shelters, courts, health
  'mainecare', 'medicaid', 'medicare', 'dhhs', 'ga', 'general assistance', 'snap', 'ebt', 'tanf', 'wic', 'liheap', 'heap',
  'section 8', 'mainehousing', 'maine housing', 'ssi', 'ssdi', 'social security', 'unemployment', 'bmv', 'irs',
  'preble street', 'oxford street shelter', 'oxford street', 'family crisis services', 'safe voices', 'pine tree legal',
  'pine tree legal assistance', 'catholic charities', 'salvation army', 'head start', 'community action program',
  'opportunity alliance', 'the opportunity alliance', 'good shepherd food bank', 'good shepherd', 'maine medical center',
  'maine med', 'mmc', 'mainehealth', 'northern light', 'planned parenthood', 'new hope for women', 'healthy acadia',
  'ywca', 'ymca', 'aa', 'na', 'al-anon', 'career center', 'goodwill workforce', 'adult education', 'adult ed',
  'portland adult education', 'adult learning center', 'animal refuge league', 'mainers feeding mainers',
  'portland public schools', 'district court', 'probate court', 'superior court', 'family court', 'cumberland county',
  'york county', 'androscoggin county', 'kennebec county', 'penobscot county', 'aroostook county', 'oxford county',
  'somerset county', 'franklin county', 'hancock county', 'washington county', 'knox county', 'lincoln county',
  'sagadahoc county', 'waldo county', 'piscataquis county', 'esl', 'ged', 'hiset', 'fafsa', 'pell', 'job corps',
  'vocational rehab', 'voc rehab', 'dol', 'cdc', 'fema', 'red cross', 'american red cross', 'united way', '211', 'maine 211',
  'through these doors', 'caring unlimited', 'partners for peace', 'hope and justice project', 'sexual assault response services',
  'next step', 'finding our voices', 'atria', 'tri-county', 'kvcap', 'penquis', 'york county community action', 'waldo cap',
  'aroostook mental health', 'sweetser', 'spurwink', 'crisis and counseling', 'maine behavioral healthcare',
  // Places (states, cities, Maine towns): fine for travel; "lives in <town>" is caught by its own rule.
  'maine', 'new hampshire', 'massachusetts', 'vermont', 'new york', 'boston', 'florida', 'texas', 'canada', 'quebec',
  'connecticut', 'rhode island', 'new jersey', 'pennsylvania', 'california', 'georgia', 'virginia', 'ohio',
  'portland', 'south portland', 'lewiston', 'auburn', 'bangor', 'brewer', 'augusta', 'hallowell', 'gardiner', 'waterville',
  'winslow', 'biddeford', 'saco', 'old orchard beach', 'scarborough', 'westbrook', 'gorham', 'windham', 'standish',
  'sanford', 'springvale', 'kennebunk', 'kennebunkport', 'wells', 'york', 'kittery', 'eliot', 'berwick', 'south berwick',
  'alfred', 'buxton', 'hollis', 'limerick', 'cornish', 'brunswick', 'topsham', 'bath', 'freeport', 'yarmouth', 'falmouth',
  'cumberland', 'gray', 'new gloucester', 'poland', 'mechanic falls', 'lisbon', 'sabattus', 'turner', 'livermore falls',
  'jay', 'farmington', 'wilton', 'rumford', 'mexico', 'dixfield', 'norway', 'paris', 'south paris', 'oxford', 'bethel',
  'fryeburg', 'bridgton', 'naples', 'casco', 'raymond', 'skowhegan', 'madison', 'norridgewock', 'fairfield', 'pittsfield',
  'newport', 'dover-foxcroft', 'dexter', 'guilford', 'greenville', 'millinocket', 'east millinocket', 'lincoln', 'orono',
  'old town', 'hampden', 'hermon', 'belfast', 'camden', 'rockland', 'thomaston', 'waldoboro', 'damariscotta', 'wiscasset',
  'boothbay', 'boothbay harbor', 'ellsworth', 'bar harbor', 'bucksport', 'blue hill', 'machias', 'calais', 'eastport',
  'lubec', 'houlton', 'presque isle', 'caribou', 'fort kent', 'madawaska', 'van buren', 'limestone', 'mars hill',
  'island falls', 'patten', 'farmingdale', 'winthrop', 'monmouth', 'manchester', 'readfield', 'china', 'vassalboro',
  'oakland', 'belgrade', 'unity', 'searsport', 'stockton springs', 'vinalhaven', 'north haven', 'peaks island',
  'mount desert', 'southwest harbor', 'cape elizabeth', 'south windham', 'north berwick', 'lebanon', 'acton', 'shapleigh',
  'waterboro', 'lyman', 'arundel', 'dayton', 'harrison', 'otisfield', 'oxford hills', 'midcoast', 'downeast', 'down east',
  'the county', 'aroostook', 'androscoggin', 'kennebec', 'penobscot', 'somerset', 'piscataquis', 'sagadahoc', 'hancock',
  'waldo', 'knox', 'york', 'old port', 'munjoy hill', 'bayside', 'deering',
  // Calendar
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'mon', 'tue', 'tues', 'wed', 'thu', 'thurs', 'fri', 'sat', 'sun',
  'christmas', 'thanksgiving', 'easter', 'halloween', 'hanukkah', 'ramadan', 'eid', 'new year', "new year's", 'memorial day',
  'labor day', 'independence day', 'fourth of july', 'mlk day', "presidents' day", 'patriots day', "patriots' day", 'covid',
  // Words that a narrative capitalises
  'english', 'spanish', 'french', 'somali', 'arabic', 'portuguese', 'swahili', 'lingala', 'dari', 'pashto', 'kinyarwanda',
  'american', 'christian', 'muslim', 'catholic', 'god', 'bible', 'church', 'mass', 'ok', 'okay', 'asap', 'eta', 'pfa',
  'pa', 'pfh', 'dv', 'ipv', 'tro', 'llc', 'inc', 'ac', 'usps', 'ups', 'fedex', 'id', 'ssn', 'am', 'pm', 'tv', 'wifi', 'i',
];

/** Words for people that are fine alone ("Mom", "the kids") but introduce a name when one follows. */
export const RELATION_WORDS: ReadonlySet<string> = new Set([
  'mom', 'mother', 'mama', 'mum', 'dad', 'father', 'papa', 'son', 'daughter', 'child', 'kid', 'baby', 'boy', 'girl',
  'sister', 'brother', 'sibling', 'aunt', 'auntie', 'aunty', 'uncle', 'cousin', 'niece', 'nephew', 'grandma', 'grandmother',
  'grandpa', 'grandfather', 'nana', 'nan', 'gram', 'gramma', 'grammy', 'memere', 'pepere', 'granny', 'grandson', 'granddaughter',
  'partner', 'ex', 'boyfriend', 'girlfriend', 'husband', 'wife', 'spouse', 'fiance', 'fiancé', 'abuser', 'friend',
  'roommate', 'landlord', 'landlady', 'neighbor', 'neighbour', 'survivor', 'client', 'teen', 'teenager', 'toddler', 'infant',
  'stepson', 'stepdaughter', 'stepdad', 'stepmom', 'coworker', 'boss', 'caseworker', 'advocate', 'offender', 'perpetrator',
]);

/** Titles that are followed by a name whatever its case ("Ms. hall"). */
export const TITLES: ReadonlySet<string> = new Set([
  'ms', 'mrs', 'mr', 'miss', 'mx', 'dr', 'officer', 'pastor', 'father', 'sister', 'reverend', 'rev', 'deputy', 'sgt',
  'sergeant', 'det', 'detective', 'judge', 'attorney', 'atty', 'aunt', 'auntie', 'uncle', 'grandma', 'grandpa', 'nana',
  'granny', 'cousin', 'coach', 'captain', 'lt', 'prof', 'professor', 'nurse',
]);

/** Phrases after which the next word is a name, whatever it is ("goes by Red"). */
export const NAMING_PHRASES: readonly string[] = ['named', 'called', 'goes by', 'go by', 'known as', 'name is', 'aka', 'a.k.a.'];

/**
 * Verbs that take a person as their subject. A capitalised word at the start of a sentence
 * ("Hope needs ...") is read as a name when one of these follows it.
 */
export const PERSON_VERBS: ReadonlySet<string> = new Set([
  'needs', 'wants', 'asked', 'asks', 'said', 'says', 'told', 'took', 'takes', 'left', 'leaves', 'lost', 'got',
  'gets', 'has', 'had', 'is', 'was', "isn't", "wasn't", "hasn't", "can't", 'cannot', "won't", "doesn't", "didn't",
  'works', 'worked', 'lives', 'lived', 'stays', 'stayed', 'kicked', 'called', 'calls', 'moved', 'moves', 'fled',
  'drives', 'walks', 'starts', 'started', 'found', 'finds', 'broke', 'hit', 'threatened', 'threatens', 'keeps', 'kept',
  'came', 'comes', 'went', 'goes', 'cut', 'stole', 'smashed', 'refuses', 'refused', 'would', 'could', 'should',
  'requests', 'requested', 'reached', 'reports', 'reported', 'just', 'also', 'still', 'now', 'recently', 'really',
  'and', '&',
]);

/** After "is"/"was", words that describe a bill or a date rather than a person ("Bill is past due"). */
export const NOT_A_PERSON_AFTER_COPULA: ReadonlySet<string> = new Set([
  'past', 'due', 'late', 'overdue', 'paid', 'unpaid', 'high', 'behind', 'coming', 'over', 'here', 'soon', 'tomorrow', 'today',
]);

/**
 * First names that are also ordinary words. Lowercase, they are words; capitalised in the middle
 * of a sentence, or before a person verb, they are names.
 */
export const NAME_WORDS: ReadonlySet<string> = new Set([
  'hope', 'grace', 'faith', 'joy', 'summer', 'autumn', 'winter', 'ivy', 'dawn', 'bill', 'will', 'mark', 'april', 'may',
  'june', 'rose', 'hunter', 'crystal', 'destiny', 'amber', 'storm', 'river', 'journey', 'sky', 'skye', 'star', 'sunny',
  'holly', 'lily', 'daisy', 'iris', 'violet', 'ruby', 'pearl', 'jade', 'penny', 'ginger', 'heather', 'sandy', 'rusty',
  'chase', 'lane', 'grant', 'frank', 'guy', 'pat', 'sue', 'rob', 'art', 'jack', 'ray', 'bob', 'don', 'gene', 'jean', 'dean',
  'earl', 'miles', 'max', 'carol', 'trinity', 'harmony', 'melody', 'charity', 'patience', 'honor', 'justice', 'liberty',
  'unity', 'angel', 'precious', 'serenity', 'genesis', 'haven', 'brook', 'meadow', 'willow', 'rain', 'ocean', 'blaze', 'red',
  'tank', 'boo', 'tink', 'smitty', 'bud', 'buddy', 'sissy', 'junior', 'chip', 'bear', 'lucky', 'sugar', 'honey', 'baby',
]);

/** Words of a narrative that a tagger may take for a name and never are. */
export const NEVER_NAMES: ReadonlySet<string> = new Set([
  'rent', 'deposit', 'motel', 'hotel', 'room', 'bus', 'pass', 'gas', 'card', 'urgent', 'emergency', 'please', 'note',
  'groceries', 'food', 'diapers', 'formula', 'water', 'heat', 'oil', 'court', 'help', 'needs', 'needed', 'shelter', 'car',
  'fall', 'spring', 'kids', 'children', 'family', 'household', 'power', 'electric', 'electricity', 'phone', 'lease',
  'landlord', 'apartment', 'house', 'home', 'storage', 'furnace', 'truck', 'van', 'school', 'daycare', 'childcare',
]);

/** Words of a residence: "lives", "her apartment", "staying at her cousin's". */
export const RESIDENCE_WORDS =
  /\b(?:lives?|living|lived|resides?|residing|stays?|staying|stayed|moved|moving|house|home|place|apartment|apt|trailer|camper|room|unit|condo|address|rents?|renting)\b/i;
