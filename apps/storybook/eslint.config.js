import config from '@forge/eslint-config/react';

export default config;
