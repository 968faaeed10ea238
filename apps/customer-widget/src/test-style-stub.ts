// Stylesheets are irrelevant to jsdom tests; imports of them resolve here.
export default {};
