// A framework's name as shown: its title, and its version only when the title does not already
// print it ("…ガイドライン V2.2", not "…ガイドライン V2.2 2.2").
export function catalogName(title: string, version: string): string {
  return title.includes(version) ? title : `${title} ${version}`;
}
