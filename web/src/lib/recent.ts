// Territories the person opened lately, kept in this browser only (localStorage), most recent first.
export interface RecentTerritory {
  ref: string;
  name: string;
  kindLabel: string;
}

const KEY = 'socle:territoires-recents';
const MAX = 8;

export const readRecent = (): RecentTerritory[] => {
  try {
    const list = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(list) ? list.filter((t): t is RecentTerritory => !!t && typeof t.ref === 'string' && typeof t.name === 'string').slice(0, MAX) : [];
  } catch {
    return [];
  }
};

export const rememberTerritory = (t: RecentTerritory): void => {
  try {
    const list = [t, ...readRecent().filter((r) => r.ref !== t.ref)].slice(0, MAX);
    localStorage.setItem(KEY, JSON.stringify(list));
  } catch {
    // private browsing or a full storage: the list is a convenience
  }
};
