/**
 * Passwords (and password skeletons) attackers try first: the most common
 * entries of public breach corpora, lower-cased. A password whose lower-cased
 * form or letter skeleton is listed is refused (ACC-3).
 */
const COMMON = `
password passwort passw0rd qwerty qwertz qwertyuiop asdfgh asdfghjkl yxcvbnm zxcvbnm azerty
letmein welcome willkommen admin administrator root login master secret geheim hallo hello
iloveyou monkey dragon sunshine princess football fussball baseball soccer shadow superman batman
trustno michael daniel jessica ashley charlie thomas hunter ranger buster killer freedom whatever
starwars pokemon computer internet summer sommer winter autumn herbst spring fruehling
changeme default test tester testing guest user benutzer support service access account
abc abcd abcdef abcdefg abcdefgh abcabc aaaaaa aaaaaaaa qwe qweqwe qazwsx zaq wsx
jira confluence atlassian vigil company firma
password1 password123 passwort1 qwerty123 admin123 welcome1 letmein1 abc123 test123
123456 1234567 12345678 123456789 1234567890 111111 000000 123123 654321 666666 121212
`;

export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(COMMON.split(/\s+/).filter(Boolean));
