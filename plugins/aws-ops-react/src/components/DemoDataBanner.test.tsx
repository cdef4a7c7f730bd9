import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { DemoDataBanner } from './DemoDataBanner';

function Card(props: { name: string; source?: 'demo' | 'aws' }) {
  return (
    <section aria-label={props.name}>
      <DemoDataBanner source={props.source ?? 'demo'} />
    </section>
  );
}

describe('DemoDataBanner', () => {
  it('shows one banner per page, at the topmost place; the others show a marker', () => {
    render(
      <>
        <Card name="alarms" />
        <Card name="eks" />
        <Card name="waf" />
      </>,
    );
    expect(screen.getAllByTestId('demo-data-banner')).toHaveLength(1);
    expect(screen.getByRole('region', { name: 'alarms' })).toContainElement(
      screen.getByTestId('demo-data-banner'),
    );
    expect(screen.getAllByTestId('demo-data-marker')).toHaveLength(2);
    expect(screen.getAllByTestId('demo-data-marker')[0]).toHaveAttribute(
      'title',
      expect.stringMatching(/^Demo data: the store's demo scenario/),
    );
  });

  it('moves the banner to the place above when that one mounts later, and on when it unmounts', () => {
    function Page() {
      const [top, setTop] = useState(false);
      return (
        <>
          <button onClick={() => setTop(!top)}>toggle</button>
          {top && <Card name="top" />}
          <Card name="below" />
        </>
      );
    }
    render(<Page />);
    const below = screen.getByRole('region', { name: 'below' });
    expect(below).toContainElement(screen.getByTestId('demo-data-banner'));

    fireEvent.click(screen.getByText('toggle'));
    expect(screen.getAllByTestId('demo-data-banner')).toHaveLength(1);
    expect(screen.getByRole('region', { name: 'top' })).toContainElement(
      screen.getByTestId('demo-data-banner'),
    );
    expect(below).toContainElement(screen.getByTestId('demo-data-marker'));

    fireEvent.click(screen.getByText('toggle'));
    expect(below).toContainElement(screen.getByTestId('demo-data-banner'));
    expect(screen.queryByTestId('demo-data-marker')).not.toBeInTheDocument();
  });

  it('labels nothing when the data is live', () => {
    render(
      <>
        <Card name="live" source="aws" />
        <Card name="demo" />
      </>,
    );
    expect(screen.getByRole('region', { name: 'demo' })).toContainElement(
      screen.getByTestId('demo-data-banner'),
    );
    expect(screen.queryByTestId('demo-data-marker')).not.toBeInTheDocument();
  });
});
