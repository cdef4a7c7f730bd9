import '@testing-library/jest-dom';

// jsdom has no scrolling; the scaffolder's Stepper scrolls to the top on every step.
window.scrollTo = () => {};
