import { insertMention, matchMentionables, mentionedIds, mentionQueryAt } from './mentions';

const people = [
  { id: 'a', name: 'Ana Li' },
  { id: 'b', name: 'Bob' },
  { id: 'c', name: '王小明' },
];

describe('note mentions', () => {
  it('finds the @name being typed at the caret (after a space, or Chinese text), and nothing in an email address or after a line break', () => {
    expect(mentionQueryAt('请@bo', 4)).toEqual({ start: 1, query: 'bo' });
    expect(mentionQueryAt('你好，@', 4)).toEqual({ start: 3, query: '' });
    expect(mentionQueryAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionQueryAt('ask @an', 7)).toEqual({ start: 4, query: 'an' });
    expect(mentionQueryAt('ask @Ana Li', 11)).toEqual({ start: 4, query: 'Ana Li' });
    expect(mentionQueryAt('mail ana@example.com', 20)).toBeNull();
    expect(mentionQueryAt('@ana\nmore', 9)).toBeNull();
    expect(mentionQueryAt('@ ana', 5)).toBeNull();
    expect(mentionQueryAt('ask @Bob ', 9)).toBeNull();
    expect(mentionQueryAt('no mention', 10)).toBeNull();
    // Only what lies before the caret counts.
    expect(mentionQueryAt('@bo and more', 3)).toEqual({ start: 0, query: 'bo' });
  });

  it('matches colleagues by the start of any word of their name, CJK names by substring', () => {
    expect(matchMentionables(people, '').map((p) => p.id)).toEqual(['a', 'b', 'c']);
    expect(matchMentionables(people, 'li').map((p) => p.id)).toEqual(['a']);
    expect(matchMentionables(people, 'BO').map((p) => p.id)).toEqual(['b']);
    expect(matchMentionables(people, '小明').map((p) => p.id)).toEqual(['c']);
    expect(matchMentionables(people, 'x').map((p) => p.id)).toEqual([]);
  });

  it('inserts @Name with a space and moves the caret after it', () => {
    const text = 'please @bo check';
    expect(insertMention(text, { start: 7, query: 'bo' }, 10, 'Bob')).toEqual({ text: 'please @Bob  check', caret: 12 });
  });

  it('keeps the ids of picked colleagues still named in the text, once each', () => {
    expect(mentionedIds('@Bob and @Ana Li, @Bob', [people[1], people[0], people[1]])).toEqual(['b', 'a']);
    expect(mentionedIds('nobody now', [people[1]])).toEqual([]);
  });
});
