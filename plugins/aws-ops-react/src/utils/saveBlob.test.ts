import { saveBlob } from './saveBlob';

describe('saveBlob', () => {
  const createObjectURL = jest.fn(() => 'blob:http://localhost/1');
  const revokeObjectURL = jest.fn();

  beforeEach(() => {
    // jsdom has no object URLs.
    Object.assign(URL, { createObjectURL, revokeObjectURL });
  });

  it('clicks a link to the blob named for download, then drops the link and the URL', () => {
    const clicked: HTMLAnchorElement[] = [];
    jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function (this: HTMLAnchorElement) {
        clicked.push(this);
        expect(document.body.contains(this)).toBe(true);
      });
    const blob = new Blob(['a,b\n1,2\n'], { type: 'text/csv' });

    saveBlob('scorecards.csv', blob);

    expect(createObjectURL).toHaveBeenCalledWith(blob);
    expect(clicked).toHaveLength(1);
    expect(clicked[0].download).toBe('scorecards.csv');
    expect(clicked[0].href).toBe('blob:http://localhost/1');
    expect(document.body.querySelector('a')).toBeNull();
    expect(revokeObjectURL).toHaveBeenCalledWith('blob:http://localhost/1');
  });
});
