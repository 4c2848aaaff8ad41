export { defaultImageOptions, ImageOptions, imageSizes } from './image-options.tsx';
export type { ImageBackgroundChoice, ImageOptionsDisabled, ImageOptionsProps, ImageOptionsValue, ImageQualityChoice, ImageSizeChoice } from './image-options.tsx';
