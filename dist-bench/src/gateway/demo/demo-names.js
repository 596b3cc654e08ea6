"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DESCRIPTION_SENTENCES = exports.ACTIVITY_SUBJECT_PATTERNS = exports.OPPORTUNITY_NAME_PATTERNS = exports.PRODUCTS = exports.JOB_TITLES = exports.CITIES = exports.COMPANY_SUFFIXES = exports.COUNTRY_PROFILES = exports.COMPANY_SECTOR_WORDS = exports.COMPANY_STEMS = exports.LAST_NAMES = exports.FIRST_NAMES = void 0;
/*
 * Word pools for the demo data generator. The generator enumerates combinations of
 * these pools to build unique user keys, so growing a pool raises the number of
 * records it can produce before it has to fall back to numbered variants.
 *
 * Company stems are single words so that "stem [sector] suffix" names never
 * collide across different stems. The generator drops any entry whose e-mail slug
 * repeats an earlier one, so a pool may carry accents without risking duplicate
 * addresses (José and Jose would otherwise both become "jose").
 */
exports.FIRST_NAMES = [
    // English-speaking countries
    'James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'William', 'Elizabeth',
    'David', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen',
    'Christopher', 'Nancy', 'Daniel', 'Lisa', 'Matthew', 'Betty', 'Anthony', 'Margaret', 'Mark', 'Sandra',
    'Steven', 'Ashley', 'Andrew', 'Emily', 'Joshua', 'Michelle', 'Kevin', 'Amanda', 'Brian', 'Melissa',
    'George', 'Rebecca', 'Edward', 'Laura', 'Ryan', 'Rachel', 'Jacob', 'Hannah', 'Nathan', 'Olivia',
    'Samuel', 'Chloe', 'Oliver', 'Grace', 'Harry', 'Sophie', 'Jack', 'Emma', 'Liam', 'Ava',
    'Noah', 'Isla', 'Ethan', 'Megan', 'Owen', 'Fiona', 'Declan', 'Siobhan', 'Callum', 'Eilidh',
    // German-speaking countries
    'Lukas', 'Anna', 'Felix', 'Lena', 'Jonas', 'Leonie', 'Maximilian', 'Katharina', 'Tobias', 'Johanna',
    'Florian', 'Franziska', 'Matthias', 'Sabine', 'Stefan', 'Ute', 'Jürgen', 'Birgit', 'Dieter', 'Heike',
    'Wolfgang', 'Annika',
    // French-speaking countries
    'Julien', 'Camille', 'Mathieu', 'Élodie', 'Antoine', 'Nicolas', 'Aurélie', 'Guillaume', 'Margaux', 'Sébastien',
    'Céline', 'Pierre', 'Amélie', 'Théo', 'Manon', 'Benoît', 'Inès', 'Yann', 'Océane', 'Gaëlle',
    // Spanish and Portuguese
    'Alejandro', 'Lucía', 'Javier', 'Carmen', 'Diego', 'Sofía', 'Pablo', 'Valentina', 'Mateo', 'Isabel',
    'Carlos', 'Ximena', 'Andrés', 'Paula', 'Raúl', 'Marisol', 'João', 'Beatriz', 'Tiago', 'Mariana',
    'Rafael', 'Larissa', 'Gonçalo', 'Fernanda',
    // Italian
    'Giuseppe', 'Francesca', 'Luca', 'Giulia', 'Marco', 'Chiara', 'Alessandro', 'Federica', 'Matteo', 'Alessia',
    'Lorenzo', 'Martina',
    // Dutch and Flemish
    'Bram', 'Sanne', 'Joost', 'Femke', 'Pieter', 'Lotte', 'Sem', 'Anouk',
    // Nordic
    'Søren', 'Freja', 'Mikkel', 'Ingrid', 'Lars', 'Astrid', 'Henrik', 'Sigrid', 'Magnus', 'Elin',
    'Eero', 'Aino', 'Björn', 'Maja',
    // Central and Eastern Europe
    'Łukasz', 'Agnieszka', 'Piotr', 'Katarzyna', 'Tomasz', 'Zofia', 'Jakub', 'Magdalena', 'Ondřej', 'Tereza',
    'Marek', 'Petra', 'Dmitri', 'Olga', 'Sergei', 'Natalia', 'Alexei', 'Irina', 'Oksana', 'Taras',
    'Nikos', 'Eleni', 'Giorgos', 'Dimitra',
    // Turkey, the Middle East and North Africa
    'Emre', 'Elif', 'Mehmet', 'Zeynep', 'Burak', 'Ayşe', 'Omar', 'Fatima', 'Youssef', 'Layla',
    'Karim', 'Nour', 'Hassan', 'Amira', 'Tariq', 'Yasmin', 'Noa', 'Itai', 'Yael', 'Eitan',
    // South Asia
    'Arjun', 'Priya', 'Rahul', 'Ananya', 'Vikram', 'Deepika', 'Rohan', 'Kavya', 'Sanjay', 'Meera',
    'Aditya', 'Nisha',
    // East and South-East Asia
    'Wei', 'Mei', 'Jun', 'Hao', 'Ling', 'Jian', 'Xin', 'Yu', 'Haruto', 'Yuki',
    'Sota', 'Aoi', 'Ren', 'Sakura', 'Kenji', 'Emi', 'Minjun', 'Jiwoo', 'Seojun', 'Jisoo',
    'Hyun', 'Minh', 'Linh', 'Anh', 'Somchai', 'Ploy', 'Budi', 'Siti', 'Dewi', 'Maricel',
    'Paolo',
    // Sub-Saharan Africa
    'Kwame', 'Amara', 'Chinedu', 'Ngozi', 'Tendai', 'Thandiwe', 'Kofi', 'Abena', 'Sipho', 'Zanele',
    'Oluwaseun', 'Adaeze',
];
exports.LAST_NAMES = [
    // English-speaking countries
    'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor',
    'Thomas', 'Moore', 'Jackson', 'White', 'Harris', 'Martin', 'Thompson', 'Clark', 'Lewis', 'Robinson',
    'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Hill', 'Green', 'Adams', 'Baker',
    'Nelson', 'Carter', 'Mitchell', 'Roberts', 'Turner', 'Phillips', 'Campbell', 'Parker', 'Evans', 'Edwards',
    'Collins', 'Stewart', 'Morris', 'Murphy', 'Cook', 'Rogers', 'Morgan', 'Cooper', 'Peterson', 'Reed',
    'Bailey', 'Bell', 'Kelly', 'Howard', 'Ward', 'Cox', 'Richardson', 'Wood', 'Watson', 'Brooks',
    'Bennett', 'Gray', 'Hughes', 'Price', 'Sanders', 'Myers', 'Long', 'Ross', 'Foster', 'Fletcher',
    "O'Brien", "O'Connor", 'MacDonald', 'Fraser', 'Sullivan', 'Gallagher', 'Byrne', 'Doyle', 'Kennedy', 'Quinn',
    // German-speaking countries
    'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann',
    'Schäfer', 'Koch', 'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann',
    'Braun', 'Krüger', 'Hofmann', 'Hartmann', 'Lange', 'Schmitt', 'Werner', 'Krause', 'Lehmann', 'Köhler',
    'Huber', 'Gruber', 'Steiner', 'Brunner', 'Keller',
    // French-speaking countries
    'Bernard', 'Dubois', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent',
    'Lefèvre', 'Michel', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Morel', 'Girard', 'André',
    'Mercier', 'Dupont', 'Lambert', 'Bonnet', 'François', 'Legrand', 'Gauthier', 'Chevalier', 'Rousseau', 'Faure',
    'Blanc',
    // Spanish-speaking countries
    'García', 'Rodríguez', 'Martínez', 'Hernández', 'López', 'González', 'Pérez', 'Sánchez', 'Ramírez', 'Torres',
    'Flores', 'Rivera', 'Gómez', 'Díaz', 'Morales', 'Ortiz', 'Castillo', 'Romero', 'Navarro', 'Ruiz',
    'Jiménez', 'Moreno', 'Álvarez', 'Muñoz', 'Vargas', 'Castro', 'Mendoza', 'Herrera',
    // Portuguese-speaking countries
    'Silva', 'Santos', 'Oliveira', 'Souza', 'Pereira', 'Costa', 'Ferreira', 'Almeida', 'Carvalho', 'Ribeiro',
    'Rocha', 'Gomes', 'Martins', 'Araújo', 'Barbosa',
    // Italian
    'Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco',
    'Bruno', 'Gallo', 'Conti', 'De Luca', 'Mancini', 'Giordano', 'Rizzo', 'Lombardi', 'Moretti', 'Barbieri',
    'Fontana', 'Santoro', 'Mariani', 'Rinaldi',
    // Dutch and Flemish
    'de Jong', 'Jansen', 'de Vries', 'van den Berg', 'van Dijk', 'Bakker', 'Janssen', 'Visser', 'Smit', 'Meijer',
    'de Boer', 'Mulder', 'de Groot', 'Bos', 'Vos', 'Peeters', 'Maes', 'Jacobs', 'Willems', 'Claes',
    // Nordic
    'Hansen', 'Johansen', 'Olsen', 'Larsen', 'Andersen', 'Pedersen', 'Nielsen', 'Jensen', 'Kristensen', 'Johansson',
    'Andersson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Lindqvist', 'Bergström', 'Lindberg', 'Virtanen', 'Korhonen',
    'Mäkinen', 'Nieminen', 'Halvorsen', 'Sigurðsson',
    // Central, Eastern and South-Eastern Europe
    'Nowak', 'Kowalski', 'Wiśniewski', 'Wójcik', 'Kowalczyk', 'Kamiński', 'Lewandowski', 'Zieliński', 'Szymański', 'Dąbrowski',
    'Novák', 'Svoboda', 'Dvořák', 'Černý', 'Procházka', 'Horváth', 'Nagy', 'Kovács', 'Tóth', 'Szabó',
    'Popescu', 'Ionescu', 'Popa', 'Dumitru', 'Petrović', 'Jovanović', 'Horvat', 'Kovačević', 'Ivanov', 'Smirnov',
    'Kuznetsov', 'Popov', 'Volkov', 'Sokolov', 'Lebedev', 'Kozlov', 'Novikov', 'Morozov', 'Shevchenko', 'Bondarenko',
    'Kovalenko', 'Tkachenko', 'Papadopoulos', 'Georgiou', 'Nikolaidis', 'Konstantinou', 'Dimitriou', 'Pappas', 'Vlachos',
    // Turkey and the Middle East
    'Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Yıldız', 'Aydın', 'Öztürk', 'Arslan', 'Doğan',
    'Haddad', 'Khalil', 'Mansour', 'Nasser', 'Saleh', 'Hamdan', 'Rahman', 'Farouk', 'El-Amin', 'Aziz',
    'Hussein', 'Qureshi', 'Cohen', 'Levi', 'Mizrahi', 'Friedman', 'Katz', 'Shapiro', 'Goldberg',
    // South Asia
    'Sharma', 'Patel', 'Singh', 'Kumar', 'Gupta', 'Reddy', 'Iyer', 'Nair', 'Menon', 'Rao',
    'Mehta', 'Joshi', 'Chopra', 'Desai', 'Banerjee', 'Chatterjee', 'Mukherjee', 'Kapoor', 'Malhotra', 'Verma',
    'Pillai', 'Agarwal',
    // East Asia
    'Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou',
    'Xu', 'Sun', 'Ma', 'Zhu', 'Hu', 'Guo', 'Lin', 'He', 'Gao', 'Luo',
    'Sato', 'Suzuki', 'Takahashi', 'Tanaka', 'Watanabe', 'Ito', 'Yamamoto', 'Nakamura', 'Kobayashi', 'Kato',
    'Yoshida', 'Yamada', 'Sasaki', 'Matsumoto', 'Inoue', 'Kim', 'Lee', 'Park', 'Choi', 'Jung',
    'Kang', 'Cho', 'Yoon', 'Jang', 'Lim',
    // South-East Asia
    'Nguyen', 'Tran', 'Le', 'Pham', 'Hoang', 'Phan', 'Vu', 'Dang', 'Bui', 'Do',
    'Santoso', 'Wijaya', 'Hidayat', 'Reyes', 'Cruz', 'Bautista', 'Dela Cruz', 'Srisai', 'Chaiyaporn',
    // Sub-Saharan Africa
    'Okafor', 'Adeyemi', 'Okonkwo', 'Mensah', 'Boateng', 'Nkosi', 'Dlamini', 'Mokoena', 'Kamau', 'Otieno',
    'Mwangi', 'Diallo', 'Traoré', 'Ndiaye', 'Keïta', 'Abebe', 'Tesfaye', 'Banda', 'Phiri',
];
/** Single words, see the note at the top of the file. */
exports.COMPANY_STEMS = [
    'Northwind', 'Bluepeak', 'Silverline', 'Redwood', 'Ironbridge', 'Brightwater', 'Stonegate', 'Oakridge', 'Clearview', 'Suncrest',
    'Greenfield', 'Highmark', 'Lakeshore', 'Evergreen', 'Westbrook', 'Eastgate', 'Pinecrest', 'Riverbend', 'Goldleaf', 'Starling',
    'Falcon', 'Meridian', 'Atlas', 'Orion', 'Vega', 'Polaris', 'Zenith', 'Apex', 'Summit', 'Pinnacle',
    'Vertex', 'Nexus', 'Quantum', 'Helix', 'Vector', 'Fusion', 'Horizon', 'Solstice', 'Equinox', 'Aurora',
    'Borealis', 'Cascade', 'Tundra', 'Sierra', 'Mistral', 'Sirocco', 'Tramontana', 'Levante', 'Alizé', 'Fjord',
    'Nordlys', 'Vinter', 'Havn', 'Kronberg', 'Adler', 'Falkenstein', 'Lindenhof', 'Rheintal', 'Alpen', 'Bergkamm',
    'Sonnenfeld', 'Eichwald', 'Rosenthal', 'Lumière', 'Soleil', 'Azur', 'Montclair', 'Beaumont', 'Valmont', 'Marais',
    'Rivage', 'Cerulean', 'Corvo', 'Aquila', 'Fenice', 'Stella', 'Luce', 'Brezza', 'Tessera', 'Mosaico',
    'Solano', 'Mirador', 'Alameda', 'Cordillera', 'Brisa', 'Horizonte', 'Tejo', 'Douro', 'Oranje', 'Delta',
    'Polder', 'Kanaal', 'Baltic', 'Hansa', 'Vistula', 'Wawel', 'Danubia', 'Karpat', 'Tatra', 'Adria',
    'Aegean', 'Olympus', 'Bosphorus', 'Anatolia', 'Cedar', 'Oasis', 'Sahara', 'Zambezi', 'Savanna', 'Baobab',
    'Lotus', 'Saffron', 'Monsoon', 'Himalaya', 'Jade', 'Bamboo', 'Dragonfly', 'Kaizen', 'Hanami', 'Mekong',
    'Komodo', 'Coral', 'Kauri', 'Tasman', 'Outback', 'Wattle', 'Harbor', 'Beacon', 'Lighthouse', 'Anchor',
    'Keystone', 'Cornerstone', 'Bedrock', 'Granite', 'Basalt', 'Cobalt', 'Copper', 'Titan', 'Argon', 'Krypton',
    'Carbon', 'Lumen', 'Photon', 'Quasar', 'Pulsar', 'Nimbus', 'Cirrus', 'Stratus', 'Tempest', 'Halcyon',
    'Kestrel', 'Osprey', 'Heron', 'Pelican', 'Albatross', 'Puffin', 'Lynx', 'Otter', 'Badger', 'Bison',
    'Mustang', 'Ember', 'Flint', 'Sparrow', 'Wren',
];
/** Optional middle words of company names ("Northwind Logistics GmbH"). */
exports.COMPANY_SECTOR_WORDS = [
    'Systems', 'Solutions', 'Logistics', 'Industries', 'Technologies', 'Partners', 'Consulting', 'Holdings', 'Trading', 'Foods',
    'Energy', 'Health', 'Labs', 'Software', 'Analytics', 'Capital', 'Engineering', 'Manufacturing', 'Networks', 'Pharma',
    'Retail', 'Services', 'Media', 'Materials', 'Robotics', 'Medical', 'Freight', 'Construction',
];
exports.COUNTRY_PROFILES = {
    France: { tld: 'fr', callingCode: '33', companySuffixes: ['SA', 'SAS', 'SARL', 'Group'] },
    Germany: { tld: 'de', callingCode: '49', companySuffixes: ['GmbH', 'AG', 'GmbH & Co. KG', 'SE'] },
    Austria: { tld: 'at', callingCode: '43', companySuffixes: ['GmbH', 'AG'] },
    Switzerland: { tld: 'ch', callingCode: '41', companySuffixes: ['AG', 'SA', 'GmbH'] },
    'United Kingdom': { tld: 'co.uk', callingCode: '44', companySuffixes: ['Ltd', 'PLC', 'Group'] },
    Ireland: { tld: 'ie', callingCode: '353', companySuffixes: ['Ltd', 'DAC', 'Group'] },
    'United States': { tld: 'com', callingCode: '1', companySuffixes: ['Inc', 'LLC', 'Corp', 'Group'] },
    Canada: { tld: 'ca', callingCode: '1', companySuffixes: ['Inc', 'Ltd', 'Corp'] },
    Spain: { tld: 'es', callingCode: '34', companySuffixes: ['SA', 'SL', 'Grupo'] },
    Portugal: { tld: 'pt', callingCode: '351', companySuffixes: ['Lda', 'SA'] },
    Italy: { tld: 'it', callingCode: '39', companySuffixes: ['S.p.A.', 'S.r.l.', 'Group'] },
    Netherlands: { tld: 'nl', callingCode: '31', companySuffixes: ['B.V.', 'N.V.', 'Groep'] },
    Belgium: { tld: 'be', callingCode: '32', companySuffixes: ['NV', 'BV', 'SA'] },
    Luxembourg: { tld: 'lu', callingCode: '352', companySuffixes: ['S.A.', 'S.à r.l.'] },
    Sweden: { tld: 'se', callingCode: '46', companySuffixes: ['AB', 'Group'] },
    Norway: { tld: 'no', callingCode: '47', companySuffixes: ['AS', 'ASA'] },
    Denmark: { tld: 'dk', callingCode: '45', companySuffixes: ['A/S', 'ApS'] },
    Finland: { tld: 'fi', callingCode: '358', companySuffixes: ['Oy', 'Oyj'] },
    Iceland: { tld: 'is', callingCode: '354', companySuffixes: ['ehf.', 'hf.'] },
    Estonia: { tld: 'ee', callingCode: '372', companySuffixes: ['OÜ', 'AS'] },
    Poland: { tld: 'pl', callingCode: '48', companySuffixes: ['Sp. z o.o.', 'S.A.'] },
    'Czech Republic': { tld: 'cz', callingCode: '420', companySuffixes: ['s.r.o.', 'a.s.'] },
    Hungary: { tld: 'hu', callingCode: '36', companySuffixes: ['Kft.', 'Zrt.'] },
    Romania: { tld: 'ro', callingCode: '40', companySuffixes: ['S.R.L.', 'S.A.'] },
    Croatia: { tld: 'hr', callingCode: '385', companySuffixes: ['d.o.o.', 'd.d.'] },
    Slovenia: { tld: 'si', callingCode: '386', companySuffixes: ['d.o.o.', 'd.d.'] },
    Serbia: { tld: 'rs', callingCode: '381', companySuffixes: ['d.o.o.', 'a.d.'] },
    Greece: { tld: 'gr', callingCode: '30', companySuffixes: ['S.A.', 'Group'] },
    Turkey: { tld: 'com.tr', callingCode: '90', companySuffixes: ['A.Ş.', 'Ltd. Şti.'] },
    Ukraine: { tld: 'ua', callingCode: '380', companySuffixes: ['LLC', 'JSC'] },
    Israel: { tld: 'co.il', callingCode: '972', companySuffixes: ['Ltd', 'Group'] },
    'United Arab Emirates': { tld: 'ae', callingCode: '971', companySuffixes: ['LLC', 'FZE', 'Group'] },
    'Saudi Arabia': { tld: 'sa', callingCode: '966', companySuffixes: ['LLC', 'Co.'] },
    Egypt: { tld: 'com.eg', callingCode: '20', companySuffixes: ['S.A.E.', 'Group'] },
    Morocco: { tld: 'ma', callingCode: '212', companySuffixes: ['SARL', 'SA'] },
    Nigeria: { tld: 'com.ng', callingCode: '234', companySuffixes: ['Ltd', 'Plc'] },
    Kenya: { tld: 'co.ke', callingCode: '254', companySuffixes: ['Ltd', 'Group'] },
    'South Africa': { tld: 'co.za', callingCode: '27', companySuffixes: ['(Pty) Ltd', 'Ltd', 'Group'] },
    India: { tld: 'in', callingCode: '91', companySuffixes: ['Pvt Ltd', 'Ltd', 'Group'] },
    China: { tld: 'cn', callingCode: '86', companySuffixes: ['Co., Ltd.', 'Group'] },
    Japan: { tld: 'co.jp', callingCode: '81', companySuffixes: ['K.K.', 'Co., Ltd.'] },
    'South Korea': { tld: 'co.kr', callingCode: '82', companySuffixes: ['Co., Ltd.', 'Corp'] },
    Singapore: { tld: 'com.sg', callingCode: '65', companySuffixes: ['Pte Ltd', 'Group'] },
    Malaysia: { tld: 'com.my', callingCode: '60', companySuffixes: ['Sdn Bhd', 'Berhad'] },
    Thailand: { tld: 'co.th', callingCode: '66', companySuffixes: ['Co., Ltd.', 'PCL'] },
    Vietnam: { tld: 'vn', callingCode: '84', companySuffixes: ['JSC', 'Co., Ltd.'] },
    Indonesia: { tld: 'co.id', callingCode: '62', companySuffixes: ['Tbk', 'Group'] },
    Philippines: { tld: 'com.ph', callingCode: '63', companySuffixes: ['Inc', 'Corp'] },
    Australia: { tld: 'com.au', callingCode: '61', companySuffixes: ['Pty Ltd', 'Ltd', 'Group'] },
    'New Zealand': { tld: 'co.nz', callingCode: '64', companySuffixes: ['Ltd', 'Group'] },
    Brazil: { tld: 'com.br', callingCode: '55', companySuffixes: ['Ltda', 'S.A.'] },
    Mexico: { tld: 'com.mx', callingCode: '52', companySuffixes: ['S.A. de C.V.', 'Grupo'] },
    Argentina: { tld: 'com.ar', callingCode: '54', companySuffixes: ['S.A.', 'S.R.L.'] },
    Chile: { tld: 'cl', callingCode: '56', companySuffixes: ['SpA', 'S.A.'] },
    Colombia: { tld: 'com.co', callingCode: '57', companySuffixes: ['S.A.S.', 'S.A.'] },
};
/** Every legal-form suffix used by some country above. */
exports.COMPANY_SUFFIXES = [
    ...new Set(Object.values(exports.COUNTRY_PROFILES).flatMap((profile) => profile.companySuffixes)),
];
/** Account Location values: "City, Country", the country a key of COUNTRY_PROFILES. */
exports.CITIES = [
    'Paris, France', 'Lyon, France', 'Marseille, France', 'Toulouse, France', 'Nantes, France', 'Bordeaux, France',
    'Lille, France', 'Strasbourg, France', 'Nice, France', 'Rennes, France', 'Grenoble, France', 'Montpellier, France',
    'Berlin, Germany', 'Hamburg, Germany', 'Munich, Germany', 'Cologne, Germany', 'Frankfurt, Germany', 'Stuttgart, Germany',
    'Düsseldorf, Germany', 'Leipzig, Germany', 'Dresden, Germany', 'Hanover, Germany', 'Nuremberg, Germany', 'Bremen, Germany',
    'Vienna, Austria', 'Graz, Austria', 'Salzburg, Austria', 'Linz, Austria',
    'Zurich, Switzerland', 'Geneva, Switzerland', 'Basel, Switzerland', 'Lausanne, Switzerland', 'Bern, Switzerland',
    'London, United Kingdom', 'Manchester, United Kingdom', 'Birmingham, United Kingdom', 'Leeds, United Kingdom',
    'Glasgow, United Kingdom', 'Edinburgh, United Kingdom', 'Bristol, United Kingdom', 'Liverpool, United Kingdom',
    'Cardiff, United Kingdom', 'Belfast, United Kingdom',
    'Dublin, Ireland', 'Cork, Ireland', 'Galway, Ireland',
    'New York, United States', 'Chicago, United States', 'Boston, United States', 'San Francisco, United States',
    'Seattle, United States', 'Austin, United States', 'Denver, United States', 'Atlanta, United States',
    'Miami, United States', 'Los Angeles, United States', 'Dallas, United States', 'Minneapolis, United States',
    'Pittsburgh, United States', 'Portland, United States',
    'Toronto, Canada', 'Montreal, Canada', 'Vancouver, Canada', 'Calgary, Canada', 'Ottawa, Canada',
    'Madrid, Spain', 'Barcelona, Spain', 'Valencia, Spain', 'Seville, Spain', 'Bilbao, Spain', 'Málaga, Spain', 'Zaragoza, Spain',
    'Lisbon, Portugal', 'Porto, Portugal', 'Braga, Portugal',
    'Milan, Italy', 'Rome, Italy', 'Turin, Italy', 'Naples, Italy', 'Bologna, Italy', 'Florence, Italy', 'Genoa, Italy', 'Verona, Italy',
    'Amsterdam, Netherlands', 'Rotterdam, Netherlands', 'Utrecht, Netherlands', 'Eindhoven, Netherlands', 'The Hague, Netherlands',
    'Brussels, Belgium', 'Antwerp, Belgium', 'Ghent, Belgium', 'Liège, Belgium',
    'Luxembourg, Luxembourg',
    'Stockholm, Sweden', 'Gothenburg, Sweden', 'Malmö, Sweden', 'Uppsala, Sweden',
    'Oslo, Norway', 'Bergen, Norway', 'Trondheim, Norway',
    'Copenhagen, Denmark', 'Aarhus, Denmark', 'Odense, Denmark',
    'Helsinki, Finland', 'Tampere, Finland', 'Espoo, Finland',
    'Reykjavik, Iceland', 'Tallinn, Estonia',
    'Warsaw, Poland', 'Kraków, Poland', 'Wrocław, Poland', 'Gdańsk, Poland', 'Poznań, Poland',
    'Prague, Czech Republic', 'Brno, Czech Republic', 'Budapest, Hungary', 'Bucharest, Romania', 'Cluj-Napoca, Romania',
    'Zagreb, Croatia', 'Ljubljana, Slovenia', 'Belgrade, Serbia', 'Athens, Greece', 'Thessaloniki, Greece',
    'Istanbul, Turkey', 'Ankara, Turkey', 'Izmir, Turkey', 'Kyiv, Ukraine', 'Lviv, Ukraine',
    'Tel Aviv, Israel', 'Haifa, Israel', 'Dubai, United Arab Emirates', 'Abu Dhabi, United Arab Emirates',
    'Riyadh, Saudi Arabia', 'Cairo, Egypt', 'Casablanca, Morocco',
    'Lagos, Nigeria', 'Abuja, Nigeria', 'Nairobi, Kenya',
    'Johannesburg, South Africa', 'Cape Town, South Africa', 'Durban, South Africa',
    'Mumbai, India', 'Bangalore, India', 'Pune, India', 'Hyderabad, India', 'Chennai, India', 'New Delhi, India',
    'Shanghai, China', 'Shenzhen, China', 'Beijing, China', 'Guangzhou, China',
    'Tokyo, Japan', 'Osaka, Japan', 'Yokohama, Japan', 'Nagoya, Japan', 'Fukuoka, Japan',
    'Seoul, South Korea', 'Busan, South Korea', 'Singapore, Singapore', 'Kuala Lumpur, Malaysia', 'Bangkok, Thailand',
    'Ho Chi Minh City, Vietnam', 'Hanoi, Vietnam', 'Jakarta, Indonesia', 'Manila, Philippines',
    'Sydney, Australia', 'Melbourne, Australia', 'Brisbane, Australia', 'Perth, Australia',
    'Auckland, New Zealand', 'Wellington, New Zealand',
    'São Paulo, Brazil', 'Rio de Janeiro, Brazil', 'Curitiba, Brazil', 'Belo Horizonte, Brazil',
    'Mexico City, Mexico', 'Monterrey, Mexico', 'Guadalajara, Mexico',
    'Buenos Aires, Argentina', 'Córdoba, Argentina', 'Santiago, Chile', 'Bogotá, Colombia', 'Medellín, Colombia',
];
exports.JOB_TITLES = [
    'Chief Executive Officer', 'Chief Financial Officer', 'Chief Operating Officer', 'Chief Technology Officer',
    'Chief Information Officer', 'Managing Director', 'General Manager', 'VP Sales', 'VP Operations',
    'Head of Procurement', 'Procurement Manager', 'Purchasing Agent', 'IT Director', 'IT Manager',
    'Operations Manager', 'Plant Manager', 'Supply Chain Manager', 'Logistics Coordinator', 'Finance Director',
    'Controller', 'Accountant', 'HR Director', 'Marketing Director', 'Marketing Manager', 'Sales Director',
    'Key Account Manager', 'Business Development Manager', 'Project Manager', 'Product Manager',
    'Engineering Manager', 'Quality Manager', 'Facilities Manager', 'Office Manager', 'Executive Assistant',
    'Senior Buyer', 'Category Manager', 'Legal Counsel', 'Data Protection Officer', 'Customer Service Manager',
    'Head of Digital',
];
/** What the demo sales team sells; fills {product} in the patterns below. */
exports.PRODUCTS = [
    'Field Service Suite', 'Analytics Platform', 'Cloud Storage', 'Fleet Telematics', 'Support Contract',
    'Training Package', 'ERP Integration', 'Mobile Devices', 'Network Upgrade', 'Security Audit',
    'Data Migration', 'Managed Print', 'Warehouse Scanners', 'Payroll Module', 'Inventory Module',
    'E-commerce Connector', 'Call Center Seats', 'Video Conferencing', 'Backup Service', 'Consulting Days',
    'Hardware Refresh', 'Energy Monitoring', 'Compliance Toolkit', 'Customer Portal', 'Reporting Add-on',
];
/** Opportunity names; each contains {product} exactly once. */
exports.OPPORTUNITY_NAME_PATTERNS = [
    '{product}', '{product} pilot', '{product} rollout', '{product} renewal', '{product} expansion',
    '{product} upgrade', '{product} for new site', '{product} phase 2', '{product} framework agreement',
    '{product} additional licenses', '{product} proof of concept', '{product} tender', '{product} multi-year deal',
    '{product} replacement', '{product} EMEA rollout', '{product} head office', '{product} migration',
    '{product} add-on', '{product} service extension', 'Group-wide {product}',
];
/**
 * Activity subjects per activity type. Placeholders: {first} {last} (the contact),
 * {account} (account name), {city} (account city), {product}.
 */
exports.ACTIVITY_SUBJECT_PATTERNS = {
    Call: [
        'Call with {first} {last}', 'Follow-up call: {product}', 'Intro call with {account}', 'Check-in call with {first}',
        'Pricing call: {product}', 'Call back {first} re {product}', 'Reference call for {account}',
        'Discovery call: {product} requirements', 'Call {first} about renewal', 'Escalation call with {account}',
    ],
    Meeting: [
        'Meeting at {account}', 'Demo of {product} for {account}', 'Quarterly business review with {account}',
        'Workshop: {product} requirements', 'Lunch with {first} {last}', 'On-site visit in {city}',
        'Contract negotiation with {first} {last}', 'Kick-off: {product}', 'Steering committee at {account}',
        'Executive briefing in {city}',
    ],
    'E-mail': [
        'Re: {product} proposal', 'Quote for {product}', 'Fwd: contract draft for {account}', 'Re: meeting notes',
        'Pricing details for {account}', 'Re: {product} questions from {first}', 'Invitation: {product} webinar',
        'Re: order confirmation', 'Thank you for your time, {first}', 'Re: delivery schedule {product}',
    ],
    Task: [
        'Prepare proposal for {account}', 'Update forecast for {product}', 'Send contract to {first} {last}',
        'Check credit limit for {account}', 'Book travel to {city}', 'Prepare {product} demo environment',
        'Update account plan for {account}', 'Collect requirements from {first}', 'Review {product} pricing',
        'Log visit report for {account}',
    ],
};
/** Sentences of activity descriptions, with the same placeholders as the subjects. */
exports.DESCRIPTION_SENTENCES = [
    '{first} confirmed that the budget for {product} is approved for this year.',
    'The team at {account} wants to see a reference customer in {city} first.',
    'Discussed pricing options; {first} asked for a volume discount above 50 units.',
    'Next step: send the revised quote by Friday.',
    '{first} {last} will involve their IT department before the next meeting.',
    'Procurement needs three competing offers before they can sign.',
    'Current supplier contract ends in the autumn, which gives us a window.',
    'They are unhappy with the response times of their current provider.',
    'Agreed to schedule a technical deep dive on {product}.',
    '{first} mentioned a reorganisation that may delay the decision.',
    'Legal has a few remarks on the liability clause.',
    'The pilot in {city} went well; users asked for offline access.',
    'Shared the case study and the implementation timeline.',
    'Asked for references in the same industry.',
    'Decision maker is the CFO; {first} is the main influencer.',
    '{account} plans to expand to two more sites next year.',
    'Left a voicemail and sent a short follow-up e-mail.',
    'Integration with their ERP is the main technical risk.',
    'They would like training for about twenty users.',
    'Confirmed the delivery date and the installation window.',
    'Competitor offered a lower price but a weaker support level.',
    '{first} prefers a phased rollout starting with one department.',
    'Security questionnaire received; needs an answer within two weeks.',
    'Invoice question resolved, credit note issued.',
    'Meeting moved to next week at their request.',
    'Good atmosphere; they see us as the preferred vendor for {product}.',
    'Open question about data residency for the {city} office.',
    'Signed NDA received, we can share the roadmap now.',
    '{first} {last} asked for a short summary for the management board.',
    'Renewal looks safe, but they want to renegotiate the service levels.',
];
//# sourceMappingURL=demo-names.js.map