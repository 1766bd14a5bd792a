module.exports = { displayName: 'rdb', preset: '../../jest.preset.js' };
