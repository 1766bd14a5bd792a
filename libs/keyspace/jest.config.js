module.exports = { displayName: 'keyspace', preset: '../../jest.preset.js' };
