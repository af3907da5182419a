import { AppError } from './errors.js';

/**
 * An electronic address (EN 16931 BT-34 for the seller, BT-49 for the buyer): where an e-invoice
 * is delivered, as an identifier and the scheme it belongs to. The schemes are the CEF
 * Electronic Address Scheme (EAS) code list that rule BR-CL-25 checks: "0088" is a GLN, "0208" a
 * Belgian company number, "9930" a German VAT number, "EM" an e-mail address, and so on.
 */
const easSchemes = new Set(
  `0002 0007 0009 0037 0060 0088 0096 0097 0106 0130 0135 0142 0147 0151 0154 0158 0170 0177
  0183 0184 0188 0190 0191 0192 0193 0194 0195 0196 0198 0199 0200 0201 0202 0203 0204 0205 0208
  0209 0210 0211 0212 0213 0215 0216 0217 0218 0219 0220 0221 0225 0230 0235 0240 0242 0244 0245
  0246 0248 9910 9913 9914 9915 9918 9919 9920 9922 9923 9924 9925 9926 9927 9928 9929 9930 9931
  9932 9933 9934 9935 9936 9937 9938 9939 9940 9941 9942 9943 9944 9945 9946 9947 9948 9949 9950
  9951 9952 9953 9957 9959 AN AQ AS AU EM`.split(/\s+/),
);

export interface ElectronicAddress {
  /** The EAS code, e.g. "0088". */
  readonly scheme: string;
  readonly id: string;
}

export function isElectronicAddressScheme(scheme: string): boolean {
  return easSchemes.has(scheme);
}

/** Peppol participant identifiers are at most 50 characters after the scheme (PEPPOL-COMMON). */
export const electronicAddressIdMax = 50;

/**
 * Checks an electronic address, naming `field` ("electronic_address.scheme").
 * Codes: electronic_address_scheme_invalid, electronic_address_id_invalid.
 */
export function checkedElectronicAddress(
  input: { readonly scheme: string; readonly id: string },
  field: string,
): ElectronicAddress {
  const scheme = input.scheme.trim().toUpperCase();
  if (!isElectronicAddressScheme(scheme)) {
    throw new AppError(
      'invalid',
      'electronic_address_scheme_invalid',
      `"${input.scheme}" is not an electronic address scheme of the EAS code list, such as 0088 (GLN), 0208 (Belgian company number), 9930 (German VAT number) or EM (e-mail).`,
      `${field}.scheme`,
    );
  }
  const id = input.id.trim();
  if (id === '' || id.length > electronicAddressIdMax || /\s/.test(id)) {
    throw new AppError(
      'invalid',
      'electronic_address_id_invalid',
      `An electronic address is 1 to ${electronicAddressIdMax} characters without spaces.`,
      `${field}.id`,
    );
  }
  return { scheme, id };
}
