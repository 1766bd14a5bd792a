module.exports = { displayName: 'master', preset: '../../jest.preset.js' };
