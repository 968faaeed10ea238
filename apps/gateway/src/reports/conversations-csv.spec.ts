import { csvCell, csvHeader, csvLine } from './conversations-csv';

describe('conversations CSV cells', () => {
  it.each([
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+1', "'+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', `"'\rcmd"`],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['王伟', '王伟'],
    ['a=b', 'a=b'],
  ])('escapes %j as %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('leaves numbers and empty cells plain, and ends rows with CRLF', () => {
    expect(csvLine([12, null, undefined, 'x'])).toBe('12,,,x\r\n');
  });

  it('starts with the BOM and the header row', () => {
    expect(csvHeader()).toBe(
      '\uFEFFnumber,customer,team,agent,state,created,assigned,closed,wait,first response,resolution,rating\r\n',
    );
  });
});
