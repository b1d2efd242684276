import { describe, expect, it } from 'vitest';
import { get } from 'svelte/store';
import { DEFAULT_ZOOM, handleZoomKey, nearestStep, nextZoom, parseZoom, zoom, zoomKey, zoomPercent, ZOOM_STEPS } from '../../src/lib/zoom';

describe('zoom', () => {
  it('steps from 80 % to 200 % through 100 %', () => {
    expect(ZOOM_STEPS[0]).toBe(0.8);
    expect(ZOOM_STEPS[ZOOM_STEPS.length - 1]).toBe(2);
    expect(ZOOM_STEPS).toContain(DEFAULT_ZOOM);
    expect([...ZOOM_STEPS].sort((a, b) => a - b)).toEqual(ZOOM_STEPS);
  });

  it('moves one step in or out, stops at the ends, resets to 100 %', () => {
    expect(nextZoom(1, 'in')).toBe(1.1);
    expect(nextZoom(1.1, 'in')).toBe(1.25);
    expect(nextZoom(1, 'out')).toBe(0.9);
    expect(nextZoom(0.8, 'out')).toBe(0.8);
    expect(nextZoom(2, 'in')).toBe(2);
    expect(nextZoom(1.75, 'reset')).toBe(1);
    // A factor between steps moves from its nearest step.
    expect(nextZoom(1.3, 'in')).toBe(1.5);
  });

  it('reads back a stored zoom, 100 % when there is none or it is not a number', () => {
    expect(parseZoom('1.25')).toBe(1.25);
    expect(parseZoom('1.27')).toBe(1.25);
    expect(parseZoom('9')).toBe(2);
    expect(parseZoom(null)).toBe(1);
    expect(parseZoom('')).toBe(1);
    expect(parseZoom('big')).toBe(1);
    expect(parseZoom('-1')).toBe(1);
    expect(nearestStep(0.5)).toBe(0.8);
    expect(zoomPercent(1.1)).toBe(110);
  });

  it('knows Ctrl with + = ; − _ 0 on the main keyboard and the numpad', () => {
    expect(zoomKey({ key: '=', code: 'Equal', ctrlKey: true })).toBe('in');
    expect(zoomKey({ key: '+', code: 'Equal', ctrlKey: true })).toBe('in');
    expect(zoomKey({ key: '+', code: 'NumpadAdd', ctrlKey: true })).toBe('in');
    expect(zoomKey({ key: ';', code: 'Semicolon', ctrlKey: true })).toBe('in'); // + on a Japanese keyboard
    expect(zoomKey({ key: '-', code: 'Minus', ctrlKey: true })).toBe('out');
    expect(zoomKey({ key: '_', code: 'Minus', ctrlKey: true })).toBe('out');
    expect(zoomKey({ key: '-', code: 'NumpadSubtract', ctrlKey: true })).toBe('out');
    expect(zoomKey({ key: '0', code: 'Digit0', ctrlKey: true })).toBe('reset');
    expect(zoomKey({ key: '0', code: 'Numpad0', ctrlKey: true })).toBe('reset');
    expect(zoomKey({ key: 'Insert', code: 'Numpad0', ctrlKey: true })).toBe('reset'); // NumLock off
    expect(zoomKey({ key: '=', code: 'Equal', metaKey: true })).toBe('in');
  });

  it('leaves other keys alone: no Ctrl, Alt, other letters, IME composition', () => {
    expect(zoomKey({ key: '=', code: 'Equal' })).toBeNull();
    expect(zoomKey({ key: '0', code: 'Digit0' })).toBeNull();
    expect(zoomKey({ key: '-', code: 'Minus', ctrlKey: true, altKey: true })).toBeNull();
    expect(zoomKey({ key: 'a', code: 'KeyA', ctrlKey: true })).toBeNull();
    expect(zoomKey({ key: 'c', code: 'KeyC', ctrlKey: true })).toBeNull();
    expect(zoomKey({ key: '=', code: 'Equal', ctrlKey: true, composing: true })).toBeNull();
  });

  it('changes the zoom store on a zoom key only', () => {
    zoom.set(1);
    expect(handleZoomKey({ key: 'a', ctrlKey: true })).toBe(false);
    expect(get(zoom)).toBe(1);
    expect(handleZoomKey({ key: '=', ctrlKey: true })).toBe(true);
    expect(get(zoom)).toBe(1.1);
    expect(handleZoomKey({ key: '0', ctrlKey: true })).toBe(true);
    expect(get(zoom)).toBe(1);
  });
});
