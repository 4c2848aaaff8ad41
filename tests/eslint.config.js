import base from '@forge/eslint-config';

export default base;
