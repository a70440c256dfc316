// The built-in data-centre table, every host spelt out: the only hosts a Zoho token, code or secret may reach.
import { expect } from 'chai';
import { ZOHO_DATACENTRES, ZOHO_REGIONS } from '../../modules/datacentres.ts';

const SPELT_OUT = {
  us: { accounts: 'https://accounts.zoho.com', meeting: 'https://meeting.zoho.com', apis: 'https://www.zohoapis.com' },
  eu: { accounts: 'https://accounts.zoho.eu', meeting: 'https://meeting.zoho.eu', apis: 'https://www.zohoapis.eu' },
  in: { accounts: 'https://accounts.zoho.in', meeting: 'https://meeting.zoho.in', apis: 'https://www.zohoapis.in' },
  au: { accounts: 'https://accounts.zoho.com.au', meeting: 'https://meeting.zoho.com.au', apis: 'https://www.zohoapis.com.au' },
  jp: { accounts: 'https://accounts.zoho.jp', meeting: 'https://meeting.zoho.jp', apis: 'https://www.zohoapis.jp' },
  ca: { accounts: 'https://accounts.zohocloud.ca', meeting: 'https://meeting.zohocloud.ca', apis: 'https://www.zohoapis.ca' },
  sa: { accounts: 'https://accounts.zoho.sa', meeting: 'https://meeting.zoho.sa', apis: 'https://www.zohoapis.sa' },
  cn: { accounts: 'https://accounts.zoho.com.cn', meeting: 'https://meeting.zoho.com.cn', apis: 'https://www.zohoapis.com.cn' },
  uk: { accounts: 'https://accounts.zoho.uk', meeting: 'https://meeting.zoho.uk', apis: 'https://www.zohoapis.uk' },
};

describe('datacentres: the built-in table', () => {
  it('holds exactly these hosts, in this order', () => {
    expect(ZOHO_DATACENTRES).to.deep.equal(SPELT_OUT);
    expect(ZOHO_REGIONS).to.deep.equal(Object.keys(SPELT_OUT));
  });
});
