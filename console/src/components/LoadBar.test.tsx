import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LoadBar, loadOf } from './LoadBar.js';

const renderBar = (ongoing: number, capacity: number | null) =>
  render(
    <MantineProvider>
      <LoadBar ongoing={ongoing} capacity={capacity} name="Ana" />
    </MantineProvider>,
  );

describe('loadOf', () => {
  it('grades the load against capacity', () => {
    expect(loadOf(1, 5)).toEqual({ percent: 20, level: 'free', label: '1 / 5', spoken: '1 of 5' });
    expect(loadOf(3, 4)).toMatchObject({ percent: 75, level: 'busy' });
    expect(loadOf(5, 5)).toEqual({ percent: 100, level: 'full', label: '5 / 5', spoken: '5 of 5, full' });
  });

  it('caps the bar when capacity was lowered below the ongoing count', () => {
    expect(loadOf(6, 5)).toEqual({ percent: 100, level: 'over', label: '6 / 5', spoken: '6 of 5, over capacity' });
  });

  it('tells unlimited and closed (capacity 0) apart from a free slot', () => {
    expect(loadOf(2, null)).toEqual({ percent: 0, level: 'unlimited', label: '2 / ∞', spoken: '2 ongoing, no limit' });
    expect(loadOf(0, 0)).toMatchObject({ percent: 0, level: 'closed', label: '0 / 0' });
    expect(loadOf(1, 0)).toMatchObject({ percent: 100, level: 'over' });
  });
});

describe('<LoadBar>', () => {
  it('is a labelled meter whose fill and text follow the numbers', () => {
    renderBar(3, 5);
    const meter = screen.getByRole('meter', { name: 'Load of Ana' });
    expect(meter.getAttribute('aria-valuenow')).toBe('3');
    expect(meter.getAttribute('aria-valuemax')).toBe('5');
    expect(meter.getAttribute('aria-valuetext')).toBe('3 of 5');
    expect(meter.dataset.level).toBe('free');
    expect(screen.getByTestId('load-fill').style.width).toBe('60%');
    expect(screen.getByText('3 / 5')).toBeTruthy();
  });

  it('updates in place when the load changes', () => {
    const view = renderBar(3, 5);
    view.rerender(
      <MantineProvider>
        <LoadBar ongoing={5} capacity={5} name="Ana" />
      </MantineProvider>,
    );
    const meter = screen.getByRole('meter', { name: 'Load of Ana' });
    expect(meter.getAttribute('aria-valuetext')).toBe('5 of 5, full');
    expect(screen.getByTestId('load-fill').style.width).toBe('100%');
    expect(screen.queryByText('3 / 5')).toBeNull();
  });
});
