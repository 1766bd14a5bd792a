module.exports = { displayName: 'backlog', preset: '../../jest.preset.js' };
