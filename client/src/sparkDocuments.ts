export { mightUseSpark as looksLikeSpark } from '../../server/src/engine/languages';

export const SPARK_LANGUAGES = ['python', 'scala'];
