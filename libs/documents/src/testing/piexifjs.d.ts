declare module 'piexifjs' {
  type ExifValue = string | number | number[] | number[][];
  interface ExifObject {
    '0th'?: Record<number, ExifValue>;
    Exif?: Record<number, ExifValue>;
    GPS?: Record<number, ExifValue>;
  }
  const piexif: {
    dump(exif: ExifObject): string;
    insert(exif: string, jpeg: string): string;
    load(jpeg: string): ExifObject;
    ImageIFD: Record<string, number>;
    ExifIFD: Record<string, number>;
    GPSIFD: Record<string, number>;
  };
  export default piexif;
}
