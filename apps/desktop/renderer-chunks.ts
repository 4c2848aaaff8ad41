// How both renderer builds (the web host's and Electron's) split the page's script: React, the
// other libraries, and Forge's own code load as three files side by side, none past the 500 kB
// a browser is happy to parse in one go (and the bundler's warning stays quiet).
export const rendererChunks = {
  groups: [
    { name: 'react', test: /[\\/]node_modules[\\/](?:\.pnpm[\\/][^\\/]+[\\/]node_modules[\\/])?(?:react|react-dom|scheduler)[\\/]/ },
    { name: 'vendor', test: /[\\/]node_modules[\\/]/ },
  ],
};
