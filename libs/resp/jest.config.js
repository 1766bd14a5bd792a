module.exports = { displayName: 'resp', preset: '../../jest.preset.js' };
