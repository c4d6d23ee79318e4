import { createTheme, Modal, Notification, type CSSVariablesResolver } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'blue',
  // Darker shades keep text on filled buttons and active links above WCAG AA contrast.
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'md',
  // People who ask their system for less motion get none; it also keeps toasts from being caught mid-fade.
  respectReducedMotion: true,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  components: {
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    // Toasts ("… saved") have a close button too; without a name axe flags every screen that shows one.
    Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close notification' } } }),
  },
});

/**
 * Mantine's default dimmed gray is below 4.5:1 on white; a shade darker passes. Light yellow alerts (warnings,
 * "not available to your role") carry yellow text on pale yellow, about 2:1; no shade of the palette reaches 4.5:1
 * on it, so their text is a dark amber.
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: { '--mantine-color-dimmed': t.colors.gray[7], '--mantine-color-yellow-light-color': '#664d03' },
  dark: { '--mantine-color-dimmed': t.colors.dark[1] },
});
