import {
  CellStyleModule,
  ClientSideRowModelApiModule,
  ClientSideRowModelModule,
  colorSchemeDarkBlue,
  ColumnAutoSizeModule,
  CustomEditorModule,
  ExternalFilterModule,
  ModuleRegistry,
  NumberEditorModule,
  RenderApiModule,
  RowApiModule,
  RowStyleModule,
  TextEditorModule,
  themeQuartz,
  TooltipModule,
} from 'ag-grid-community';

// ag-grid 36 Community (MIT), the features the Order Book and Fills use, registered once (NOTES.md:
// without RowApiModule getRowNode fails with error #200). Never ag-grid-enterprise.
ModuleRegistry.registerModules([
  ClientSideRowModelModule,
  ClientSideRowModelApiModule,
  RowApiModule,
  RenderApiModule,
  ExternalFilterModule,
  TextEditorModule,
  NumberEditorModule,
  CustomEditorModule,
  CellStyleModule,
  RowStyleModule,
  TooltipModule,
  ColumnAutoSizeModule,
]);

/** The grids in Tessera's dark theme: dense rows, the theme's fonts and colours. */
export const gridTheme = themeQuartz.withPart(colorSchemeDarkBlue).withParams({
  backgroundColor: '#12161c',
  foregroundColor: '#d2d8e0',
  headerBackgroundColor: '#181d24',
  headerTextColor: '#8a94a2',
  oddRowBackgroundColor: '#141920',
  borderColor: '#242b34',
  accentColor: '#4f86e8',
  fontFamily: 'inherit',
  fontSize: 12,
  headerFontSize: 11,
  rowHeight: 22,
  headerHeight: 24,
  spacing: 4,
  wrapperBorder: false,
  wrapperBorderRadius: 0,
});
