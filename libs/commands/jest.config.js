module.exports = { displayName: 'commands', preset: '../../jest.preset.js' };
